package dev.slipway.cli;

import picocli.CommandLine.Option;

/**
 * {@code --strict}, for the commands that can do without secret values ({@code plan}, {@code
 * render}): a secret whose source is missing here is then an error, as for {@code deploy}, rather
 * than a warning.
 */
final class StrictOption {

  @Option(
      names = "--strict",
      description = "Fail (exit 2) when a secret's source is missing on this machine, as deploy does; without it that is a warning.")
  boolean strict;
}
