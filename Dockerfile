# syntax=docker/dockerfile:1
# Multi-stage build: compile and test-free package on a JDK, run on a JRE as a non-root user.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY frontend frontend
RUN ./mvnw -B -q -DskipTests package \
 && cp target/roomwire-*.jar /tmp/app.jar \
 && java -Djarmode=tools -jar /tmp/app.jar extract --layers --launcher --destination /tmp/app

FROM eclipse-temurin:25-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system roomwire \
 && useradd --system --gid roomwire --home-dir /app --shell /usr/sbin/nologin roomwire
WORKDIR /app
# Least-changing layers first, so a code change rebuilds only the last one.
COPY --from=build /tmp/app/dependencies/ ./
COPY --from=build /tmp/app/spring-boot-loader/ ./
COPY --from=build /tmp/app/snapshot-dependencies/ ./
COPY --from=build /tmp/app/application/ ./
USER roomwire
EXPOSE 8080
# Many long-lived connections: a generous file limit is set by the runtime (docker run --ulimit nofile=...).
# The flags the benchmarks in docs/benchmarks.md ran with (G1 with a 50 ms pause goal), sized by the
# container's memory limit instead of a fixed -Xmx.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=15s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
