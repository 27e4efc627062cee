package io.testbed.plugins;

/**
 * The one exception family users see. Its message is complete and ready to print: what is wrong,
 * where ({@code path:line:col} when there is a place), and what to do about it. Front ends print
 * {@link #getMessage()} and never the class name or a stack trace unless asked to.
 */
public class PluginsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PluginsException(String message) {
    super(message);
  }

  public PluginsException(String message, Throwable cause) {
    super(message, cause);
  }
}
