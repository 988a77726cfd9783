package dev.winnow.common.input;

import java.io.Closeable;
import java.io.IOException;

/**
 * The records of one input file, in file order. A source never throws for bad content: a bad
 * record comes back as a rejection, and a stream that breaks (truncated gzip, read error)
 * ends the source with one {@link RejectReason#TRUNCATED_INPUT} rejection. {@link #tally()}
 * counts everything returned so far.
 */
public interface RecordSource extends Closeable {
  /** The next record, or null at the end of the file. */
  InputRecord next();

  FileTally tally();

  @Override
  void close() throws IOException;
}
