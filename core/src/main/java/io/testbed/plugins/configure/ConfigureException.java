package io.testbed.plugins.configure;

import io.testbed.plugins.PluginsException;

/** A configure request that cannot be carried out as given; nothing has been changed. */
public final class ConfigureException extends PluginsException {
  private static final long serialVersionUID = 1L;

  public ConfigureException(String message) {
    super(message);
  }

  public ConfigureException(String message, Throwable cause) {
    super(message, cause);
  }
}
