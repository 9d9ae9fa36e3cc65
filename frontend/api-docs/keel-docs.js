// Starts Swagger UI on Keel's OpenAPI document. A file of its own, not an inline script, so the
// Content-Security-Policy can forbid inline scripts on /docs too.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
