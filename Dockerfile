# drumbeat worker image: runs `drumbeat serve` (hourly ingest, weekly digest) against /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DRUMBEAT_DATABASE=/data/drumbeat.duckdb \
    DRUMBEAT_STORAGE__ARCHIVE_DIR=/data/archive
WORKDIR /app

COPY pyproject.toml requirements.lock README.md ./
COPY flows ./flows
COPY sql ./sql
COPY seeds ./seeds
COPY drumbeat.toml ./
RUN pip install --no-cache-dir -c requirements.lock . \
    && useradd --create-home --uid 1000 drumbeat && mkdir -p /data && chown drumbeat /data
ENV DRUMBEAT_SQL_DIR=/app/sql
USER drumbeat
VOLUME ["/data"]
CMD ["drumbeat", "serve"]
