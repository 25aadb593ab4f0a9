# syntax=docker/dockerfile:1
# The NNECL dashboard as a container image (README "Deploy"): one app replica, `python -m deploy.serve`.
# Without database settings it serves the embedded SQLite database built into the image; with
# NNECL_DB_HOST and the viewer's password (a secret file) it reads the shared PostgreSQL database.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NNECL_DATA_DIR=/app/data

# An unprivileged user owns nothing but the data folder.
RUN groupadd --system --gid 10001 nnecl \
    && useradd --system --uid 10001 --gid nnecl --home-dir /app --no-create-home --shell /usr/sbin/nologin nnecl

WORKDIR /app

# Dependencies first (a layer that changes only with the pins); every version is pinned by the project's lock.
ARG REQUIREMENTS=requirements.txt
COPY requirements*.txt requirements.lock ./
RUN pip install -r "$REQUIREMENTS" -c requirements.lock

COPY . .

# The embedded database, built from the committed seed at image build (offline; a few seconds). Official
# boundaries need the internet: build with --build-arg DOWNLOAD_BOUNDARIES=1 to include them, else the
# maps use the built-in tile map of the nine regions.
ARG DOWNLOAD_BOUNDARIES=0
RUN python -m nnecl_data build \
    && if [ "$DOWNLOAD_BOUNDARIES" = "1" ]; then python -m nnecl_data boundaries download; fi \
    && chown -R nnecl:nnecl /app/data

USER nnecl
# Streamlit looks for ~/.streamlit: a home the user may write to (the image's files stay read-only to it).
ENV HOME=/app/data
EXPOSE 8501

# Streamlit's own health endpoint; a replica is "healthy" once its server answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]

# deploy.serve execs Streamlit (PID 1), whose SIGTERM handler closes the sessions and stops the server.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "deploy.serve", "--port", "8501", "--address", "0.0.0.0"]
