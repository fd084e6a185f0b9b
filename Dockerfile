# The kiosk in a container: python:3.11-slim, non-root, catalogs compiled at build time,
# the database migrated and the search index built at start (gunicorn's on_starting hook; a
# database that is down does not stop the start), gunicorn as the entry point.
# It runs behind nginx (compose.yaml, deploy/compose.one-server.yaml) with KIOSK_TRUSTED_PROXIES=1:
# on 0.0.0.0 with no proxy configured gunicorn refuses to start, as slow clients would hold its
# sync workers (deploy/kiosk-proxy.conf).
# Python packages come from the hash locks (requirements*.lock, `--require-hashes`): every
# build installs the same files. The final image has only what the kiosk runs.

# Front-end packages from the npm registry, served locally: production ones only (the tests'
# axe-core and the benchmarks' lighthouse are devDependencies).
FROM node:20-slim AS npm
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# Web fonts cut and the keyboard copied into app/static/vendor by scripts/build_assets.py, with
# the build-only packages (fontTools, brotli) that never reach the final image.
FROM python:3.11-slim AS assets
WORKDIR /build
COPY requirements.lock requirements-build.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock -r requirements-build.lock
COPY --from=npm /build/node_modules ./node_modules
COPY . .
RUN python scripts/build_assets.py

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    KIOSK_BIND=0.0.0.0:8000 KIOSK_INDEX_DIR=/var/lib/kiosk/index \
    KIOSK_SPEECH_CACHE_DIR=/var/lib/kiosk/speech KIOSK_CACHE_DIR=/var/lib/kiosk/cache \
    DATABASE_URL=sqlite:////var/lib/kiosk/kiosk.sqlite3
WORKDIR /srv/kiosk
# espeak-ng makes the read-aloud audio on the server.
# git and ssh-keygen: the content's history, signed publications and `content sync` (app/publishing).
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng git openssh-client \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
COPY --from=assets /build/app/static/vendor ./app/static/vendor
RUN pybabel compile -d translations \
    && useradd --system --home-dir /var/lib/kiosk --create-home kiosk \
    && mkdir -p var && chown -R kiosk /var/lib/kiosk var
USER kiosk
EXPOSE 8000
VOLUME ["/var/lib/kiosk"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
