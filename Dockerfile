# Builds the front end, installs Keel from the pinned requirements.lock (hashes checked), runs
# migrations at start and serves on port 8000 as an unprivileged user.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/ ./
RUN npm ci && npm run build   # Vite writes into ../backend/static (with api-docs/ for /docs)

# The Monte Carlo's hot modules compiled with mypyc (docs/decisions/0010-compiled-monte-carlo.md), on the
# image's Python, in a stage of its own: the C compiler and mypy stay out of the image.
FROM python:3.11-bookworm AS compiled
WORKDIR /src
COPY requirements.lock requirements-build.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock -r requirements-build.lock
COPY pyproject.toml ./
COPY optimizer/ optimizer/
RUN python -m optimizer.resilience.compiled build

FROM python:3.11-slim-bookworm
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md alembic.ini ./
COPY backend/ backend/
COPY optimizer/ optimizer/
COPY --from=frontend /src/backend/static/ backend/static/
COPY --from=compiled /src/optimizer/resilience/compiled/built/ optimizer/resilience/compiled/built/
RUN pip install --no-cache-dir --no-deps . \
    && cd / && python -m optimizer.resilience.compiled status | grep '^compiled' \
    && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin keel
USER keel
ENV KEEL_ENV=production
EXPOSE 8000
CMD ["keel", "serve"]
