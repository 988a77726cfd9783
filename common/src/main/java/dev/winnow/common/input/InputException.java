package dev.winnow.common.input;

/** The input cannot be read at all (missing path, nothing matched, unknown format): stops the run. */
public final class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
