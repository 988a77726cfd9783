package dev.winnow.jobs.featurize;

import java.io.Serializable;
import java.util.Map;

/**
 * One row of the features table, as a Java bean for Spark's bean encoder (primitive arrays
 * are copied straight into Spark's binary rows). {@link FeaturizeJob#FEATURES_COLUMNS} gives
 * the table's column names and order.
 */
public class FeatureRow implements Serializable {
  private static final long serialVersionUID = 1L;
  private String docId;
  private String srcFile;
  private long srcLine;
  private Long srcOffset;
  private int nTokens;
  private long nBytes;
  private byte[] ngramIdx;
  private byte[] ngramCnt;
  private double[] quality;
  private long qualityFlags;
  private String lang;
  private double langScore;
  private Integer nTokensModel;
  private byte[] minhash;
  private long textHash;
  private Map<String, String> meta;
  private String text;

  public FeatureRow() {}

  public FeatureRow(String docId, String srcFile, long srcLine, Long srcOffset, int nTokens, long nBytes,
      byte[] ngramIdx, byte[] ngramCnt, double[] quality, long qualityFlags, String lang, double langScore,
      Integer nTokensModel, byte[] minhash, long textHash, Map<String, String> meta, String text) {
    this.docId = docId;
    this.srcFile = srcFile;
    this.srcLine = srcLine;
    this.srcOffset = srcOffset;
    this.nTokens = nTokens;
    this.nBytes = nBytes;
    this.ngramIdx = ngramIdx;
    this.ngramCnt = ngramCnt;
    this.quality = quality;
    this.qualityFlags = qualityFlags;
    this.lang = lang;
    this.langScore = langScore;
    this.nTokensModel = nTokensModel;
    this.minhash = minhash;
    this.textHash = textHash;
    this.meta = meta;
    this.text = text;
  }

  public String getDocId() {
    return docId;
  }

  public void setDocId(String docId) {
    this.docId = docId;
  }

  public String getSrcFile() {
    return srcFile;
  }

  public void setSrcFile(String srcFile) {
    this.srcFile = srcFile;
  }

  public long getSrcLine() {
    return srcLine;
  }

  public void setSrcLine(long srcLine) {
    this.srcLine = srcLine;
  }

  public Long getSrcOffset() {
    return srcOffset;
  }

  public void setSrcOffset(Long srcOffset) {
    this.srcOffset = srcOffset;
  }

  public int getNTokens() {
    return nTokens;
  }

  public void setNTokens(int nTokens) {
    this.nTokens = nTokens;
  }

  public long getNBytes() {
    return nBytes;
  }

  public void setNBytes(long nBytes) {
    this.nBytes = nBytes;
  }

  public byte[] getNgramIdx() {
    return ngramIdx;
  }

  public void setNgramIdx(byte[] ngramIdx) {
    this.ngramIdx = ngramIdx;
  }

  public byte[] getNgramCnt() {
    return ngramCnt;
  }

  public void setNgramCnt(byte[] ngramCnt) {
    this.ngramCnt = ngramCnt;
  }

  public double[] getQuality() {
    return quality;
  }

  public void setQuality(double[] quality) {
    this.quality = quality;
  }

  public long getQualityFlags() {
    return qualityFlags;
  }

  public void setQualityFlags(long qualityFlags) {
    this.qualityFlags = qualityFlags;
  }

  public String getLang() {
    return lang;
  }

  public void setLang(String lang) {
    this.lang = lang;
  }

  public double getLangScore() {
    return langScore;
  }

  public void setLangScore(double langScore) {
    this.langScore = langScore;
  }

  public Integer getNTokensModel() {
    return nTokensModel;
  }

  public void setNTokensModel(Integer nTokensModel) {
    this.nTokensModel = nTokensModel;
  }

  public byte[] getMinhash() {
    return minhash;
  }

  public void setMinhash(byte[] minhash) {
    this.minhash = minhash;
  }

  public long getTextHash() {
    return textHash;
  }

  public void setTextHash(long textHash) {
    this.textHash = textHash;
  }

  public Map<String, String> getMeta() {
    return meta;
  }

  public void setMeta(Map<String, String> meta) {
    this.meta = meta;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }
}
