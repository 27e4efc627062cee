#!/usr/bin/env bash
# The main job, end to end, on an embedded S3 server:
#   builds the project, starts S3Proxy on 127.0.0.1 (data under examples/target/),
#   with the MinIO port and credentials of examples/lab_deployment/.env, copies the deployment
#   into a work directory and runs, there, with no S3 option at all:
#   `configure --plugins DIR --dry-run`, `configure --plugins DIR`, again (up to date), `status`.
# Needs only Java 17+ and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building (mvn -B -q -DskipTests -pl examples -am package) ..."
mvn -B -q -DskipTests -pl examples -am package
exec java -cp "examples/target/classes:$(cat examples/target/demo.classpath)" \
  io.testbed.plugins.examples.Demo "$@"
