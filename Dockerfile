# Builds the front end, installs Keel, runs migrations at start and serves on port 8000.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/ ./
RUN npm ci && npm run build   # Vite writes into ../backend/static

FROM python:3.11-slim-bookworm
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY backend/ backend/
COPY optimizer/ optimizer/
COPY --from=frontend /src/backend/static/ backend/static/
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["keel", "serve"]
