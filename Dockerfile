# syntax=docker/dockerfile:1
# mana-ai container image. NOTE: written without a Docker engine at hand, so never built here; build and try
# it with `docker build -t mana-ai .` and the example docker-compose.yml before relying on it.

# ---- build: the Maven wrapper on a JDK 21 ------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
# The build definition first, so the dependency layer is reused until pom.xml changes.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY service/pom.xml service/
COPY bench/pom.xml bench/
RUN ./mvnw -B -q -pl service dependency:go-offline
COPY service/src/ service/src/
# Tests need PostgreSQL and run in CI (./mvnw -B verify), not in the image build.
RUN ./mvnw -B -DskipTests -pl service package

# ---- runtime: a JRE and the shaded jar, nothing else --------------------------------------------------------
FROM eclipse-temurin:21-jre
# curl is installed explicitly for the health check rather than trusting the base image to keep shipping it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system mana \
    && useradd --system --gid mana --home-dir /app --no-create-home --shell /usr/sbin/nologin mana
WORKDIR /app
COPY --from=build --chown=root:root /build/service/target/mana-ai.jar /app/mana-ai.jar
USER mana
ENV PORT=3066
EXPOSE 3066
# Liveness only: /health needs no database (readiness is GET /ready).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent --show-error --max-time 4 "http://127.0.0.1:${PORT}/health" > /dev/null || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/mana-ai.jar"]
CMD ["serve"]
