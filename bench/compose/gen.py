"""Writes bigN.yml for N = 1,000, 5,000 and 20,000 services into the current directory: the files
of ComposeBenchmark.bigFile (map, list, flow and absent environments), byte for byte."""
import sys


def big(n):
    out = ["# generated deployment\nservices:\n"]
    for i in range(n):
        image = "tensorflow2-cpu" if i % 2 == 0 else "restapi"
        out.append(f"  svc-{i}:\n    image: securing-ai/{image}:latest\n    restart: always\n")
        if i % 4 == 0:
            out.append("    environment:\n      AI_RESTAPI_ENV: prod # mode\n"
                       "      MLFLOW_TRACKING_URI: http://mlflow-tracking:5000\n")
        elif i % 4 == 1:
            out.append("    environment:\n      - A=1\n      - \"B=2\"\n")
        elif i % 4 == 2:
            out.append("    environment: {A: 1}\n")
        out.append("    volumes:\n      - ./data:/data\n\n")
    return "".join(out)


for n in map(int, sys.argv[1:] or ["1000", "5000", "20000"]):
    with open(f"big{n}.yml", "w") as f:
        f.write(big(n))
