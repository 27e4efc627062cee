package io.testbed.plugins.compose.edit;

import java.util.Objects;

/**
 * One variable changed in one service. {@code oldValue} is null when the variable was absent or had
 * no value; values are as written in YAML (a literal {@code $} reads {@code $$}).
 */
public record EnvChange(String service, String name, String oldValue, String newValue) {
  public EnvChange {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(newValue, "newValue");
  }

  /** "service S: NAME is not set, want 'V'", or "… is 'OLD', want 'V'". */
  public String describe() {
    return "service " + service + ": " + name
        + (oldValue == null ? " is not set" : " is '" + oldValue + "'")
        + ", want '" + newValue + "'";
  }
}
