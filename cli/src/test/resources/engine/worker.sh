#!/bin/sh
# A Testbed worker pulls its task plugins from AI_PLUGINS_S3_URI when it starts, before it takes
# a job. This one pulls with 'testbed-plugins sync' into /work/plugins, records what it pulled in
# /work/pulled, and exits when the pull fails (its restart policy then retries it).
mkdir -p /work
if [ -z "$AI_PLUGINS_S3_URI" ]; then
  echo "none: AI_PLUGINS_S3_URI is not set" > /work/pulled
else
  if ! java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /app/testbed-plugins.jar sync -q \
      --delete --endpoint-url "$MLFLOW_S3_ENDPOINT_URL" "$AI_PLUGINS_S3_URI" /work/plugins; then
    echo "cannot pull the task plugins from $AI_PLUGINS_S3_URI" >&2
    exit 1
  fi
  echo "$AI_PLUGINS_S3_URI" > /work/pulled
fi
echo "worker ready: $(cat /work/pulled)"
exec httpd -f -p 8080 -h /work
