# One image for the API and the UI (docker-compose.yml runs it twice).
FROM python:3.11-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY poshuk poshuk
COPY ingest ingest
COPY search_api search_api
COPY ui ui
COPY mappings mappings
RUN pip install --no-cache-dir .
ENV POSHUK_HOME=/data
VOLUME /data
EXPOSE 8000 8501
CMD ["poshuk", "serve", "--host", "0.0.0.0", "--port", "8000"]
