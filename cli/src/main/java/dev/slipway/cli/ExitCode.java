package dev.slipway.cli;

/** Every exit code {@code slipway} returns, in one place; {@link ErrorHandler} decides which failure gets which, the README documents the same table. */
public final class ExitCode {

  public static final int OK = 0;
  /** A stage (build, test, deploy) failed, or a host port the deploy publishes is taken; or {@code status} found a service down, or nothing deployed. */
  public static final int FAILED = 1;
  /** The script, the command line or a referenced file is wrong; nothing was changed. */
  public static final int INVALID_INPUT = 2;
  /** The target could not be reached or refused the credentials. */
  public static final int TARGET_UNREACHABLE = 3;
  /** Someone else holds the environment's deploy lock. */
  public static final int LOCKED = 4;

  private ExitCode() {}
}
