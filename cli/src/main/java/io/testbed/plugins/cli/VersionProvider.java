package io.testbed.plugins.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version, from the build (filtered resource), and the runtime that runs it: version, VM and home. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties props = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/testbed-plugins-version.properties")) {
      if (in != null) {
        props.load(in);
      }
    }
    return new String[] {
      "testbed-plugins " + props.getProperty("version", "unknown"),
      // picocli formats these lines: a % in a path must stay a %
      ("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ") at "
          + System.getProperty("java.home")).replace("%", "%%")
    };
  }
}
