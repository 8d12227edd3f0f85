package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the Maven project version, which the build writes into {@code version.properties}. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IOException("version.properties is missing from the classpath: build the CLI with Maven");
      }
      properties.load(in);
    }
    return new String[] {"slipway " + properties.getProperty("version")};
  }
}
