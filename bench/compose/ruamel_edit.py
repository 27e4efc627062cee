"""The same edit as `compose set-env --all-services --set AI_PLUGINS_S3_URI=...`, as a ruamel.yaml
round trip: load, set the variable in every service's environment (map, list, flow or absent),
dump. Quotes and the file's indentation are kept as far as ruamel.yaml can."""
import sys

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

NAME, VALUE = "AI_PLUGINS_S3_URI", "s3://plugins/securingai_builtins"
path = sys.argv[1]
yaml = YAML()
yaml.preserve_quotes = True
yaml.indent(mapping=2, sequence=4, offset=2)
with open(path) as f:
    doc = yaml.load(f)
for name, service in doc["services"].items():
    env = service.get("environment")
    if env is None:
        service["environment"] = CommentedMap([(NAME, VALUE)])
    elif isinstance(env, list):
        if not any(str(item).startswith(NAME + "=") for item in env):
            env.append(f"{NAME}={VALUE}")
    else:
        env[NAME] = VALUE
with open(path, "w") as f:
    yaml.dump(doc, f)
