# ld-dash in a container: the app only, as a non-root user, data on a volume. compose.yaml runs two of
# these behind nginx (TLS, sign-in, sticky sessions), as "Deploy on an intranet" in the README describes.
#   docker build -t ld-dash .
FROM python:3.11-slim-bookworm

# Chromium draws the board pack's charts and prints its PDF (LD_DASH_CHROMIUM_PATH below).
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/ld-dash ld-dash

WORKDIR /opt/ld-dash
# Dependencies first (a layer that changes only with them), at the versions CI tested.
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt
# The code, owned by root: the service account can read it, never change it.
COPY app.py pyproject.toml README.md LICENSE ./
COPY .streamlit ./.streamlit
COPY app_pages ./app_pages
COPY ld_dash ./ld_dash

ENV LD_DASH_DATA_DIR=/data \
    LD_DASH_CHROMIUM_PATH=/usr/bin/chromium \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN mkdir /data && chown ld-dash:ld-dash /data
VOLUME ["/data"]

USER ld-dash
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
# 0.0.0.0 inside the container's own network: compose publishes only nginx's ports, never this one.
CMD ["python", "-m", "ld_dash", "serve", "--address", "0.0.0.0", "--port", "8501"]
