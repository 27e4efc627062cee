package io.testbed.plugins.compose;

import java.util.Objects;

/** Whether a service is treated as a worker, and why (a sentence for humans). */
public record ServiceChoice(String name, boolean worker, String reason) {
  public ServiceChoice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
  }
}
