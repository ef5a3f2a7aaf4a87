# claimwatch workers: one image, the role is chosen by the command
# (`claimwatch worker extractor|detector|notifier ...`, see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The package with its data files (actor registry, lexicons) and the `claimwatch` script.
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY services ./services
RUN pip install . \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home claimwatch \
    && mkdir -p /app/.claimwatch && chown claimwatch:claimwatch /app/.claimwatch

USER claimwatch

# Metrics, health and docs of the worker (override with --http-port); on every interface of the
# container (outside one, the default is 127.0.0.1).
ENV CLAIMWATCH_HTTP_PORT=9100 \
    CLAIMWATCH_HTTP_HOST=0.0.0.0 \
    CLAIMWATCH_LOG_JSON=true
EXPOSE 9100

HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('CLAIMWATCH_HTTP_PORT', '9100'), timeout=2)"]

ENTRYPOINT ["claimwatch"]
CMD ["--help"]
