package dev.winnow.jobs.importance;

import java.io.Serializable;

/** One row of weights/ as a bean ({@link ImportanceJob#WEIGHTS_COLUMNS} names the columns). */
public class WeightRow implements Serializable {
  private static final long serialVersionUID = 1L;
  private String docId;
  private double logW;
  private double meanLogRatio;
  private long nNgrams;
  private boolean tooShort;

  public WeightRow() {}

  public WeightRow(String docId, double logW, double meanLogRatio, long nNgrams, boolean tooShort) {
    this.docId = docId;
    this.logW = logW;
    this.meanLogRatio = meanLogRatio;
    this.nNgrams = nNgrams;
    this.tooShort = tooShort;
  }

  public String getDocId() {
    return docId;
  }

  public void setDocId(String docId) {
    this.docId = docId;
  }

  public double getLogW() {
    return logW;
  }

  public void setLogW(double logW) {
    this.logW = logW;
  }

  public double getMeanLogRatio() {
    return meanLogRatio;
  }

  public void setMeanLogRatio(double meanLogRatio) {
    this.meanLogRatio = meanLogRatio;
  }

  public long getNNgrams() {
    return nNgrams;
  }

  public void setNNgrams(long nNgrams) {
    this.nNgrams = nNgrams;
  }

  public boolean isTooShort() {
    return tooShort;
  }

  public void setTooShort(boolean tooShort) {
    this.tooShort = tooShort;
  }
}
