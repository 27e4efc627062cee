"""Built-in task plugins for the Securing AI Testbed.

Each subpackage groups tasks by concern; entry points import the plugin
modules they need with ``from securingai_builtins.<pkg> import <module>``.
"""
