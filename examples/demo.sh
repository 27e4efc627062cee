#!/usr/bin/env bash
# The main job, end to end, on an embedded S3 server:
#   builds the project, starts S3Proxy on 127.0.0.1 (data under examples/target/),
#   copies examples/lab_deployment/docker-compose.yml into a work directory, then runs
#   `configure --dry-run`, `configure`, and `configure` again (up to date).
# Needs only Java 17+ and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building (mvn -B -q -DskipTests package) ..."
mvn -B -q -DskipTests package
exec java -cp "examples/target/classes:$(cat examples/target/demo.classpath)" \
  io.testbed.plugins.examples.Demo "$@"
