package dev.winnow.jobs.featurize;

import static dev.winnow.jobs.pipeline.Columns.DOC_ID;
import static dev.winnow.jobs.pipeline.Columns.LANG;
import static dev.winnow.jobs.pipeline.Columns.LANG_SCORE;
import static dev.winnow.jobs.pipeline.Columns.META;
import static dev.winnow.jobs.pipeline.Columns.MINHASH;
import static dev.winnow.jobs.pipeline.Columns.NGRAM_CNT;
import static dev.winnow.jobs.pipeline.Columns.NGRAM_IDX;
import static dev.winnow.jobs.pipeline.Columns.N_BYTES;
import static dev.winnow.jobs.pipeline.Columns.N_TOKENS;
import static dev.winnow.jobs.pipeline.Columns.N_TOKENS_MODEL;
import static dev.winnow.jobs.pipeline.Columns.QUALITY;
import static dev.winnow.jobs.pipeline.Columns.QUALITY_FLAGS;
import static dev.winnow.jobs.pipeline.Columns.SRC_FILE;
import static dev.winnow.jobs.pipeline.Columns.SRC_LINE;
import static dev.winnow.jobs.pipeline.Columns.SRC_OFFSET;
import static dev.winnow.jobs.pipeline.Columns.TEXT;
import static dev.winnow.jobs.pipeline.Columns.TEXT_HASH;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

import dev.winnow.jobs.importance.FeatureVectors;
import dev.winnow.jobs.io.ParquetTables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.common.config.Choices;
import dev.winnow.common.config.WinnowConfig;
import dev.winnow.common.featurize.TextFeatureSpec;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.input.InputException;
import dev.winnow.common.input.LineRange;
import dev.winnow.common.input.RejectReason;
import dev.winnow.common.quality.QualitySignal;
import dev.winnow.common.text.HashingMode;
import dev.winnow.jobs.pipeline.Corpus;
import dev.winnow.jobs.io.HadoopConf;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputFiles;
import dev.winnow.jobs.io.PlannedTasks;
import dev.winnow.jobs.io.SideOutput;
import dev.winnow.jobs.io.StagedOutput;
import dev.winnow.jobs.io.StageManifest;
import dev.winnow.jobs.pipeline.Stage;
import dev.winnow.jobs.pipeline.StageRun;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1, ingest + featurize: one pass over the raw input. Lists the input files, packs them
 * into tasks, and in each task parses, checks and featurizes every record
 * ({@link FeaturizeFiles}); writes {@code <work>/features/} (Parquet) and
 * {@code <work>/quarantine/featurize/} (JSONL), with a manifest that proves, per input file,
 * {@code records = docs + quarantined}.
 */
public final class FeaturizeJob {
  public static final String STAGE = "featurize";

  /** The features table's columns, in order, with the bean property each comes from. */
  static final String[][] FEATURES_COLUMNS = {
      {"docId", DOC_ID}, {"srcFile", SRC_FILE}, {"srcLine", SRC_LINE}, {"srcOffset", SRC_OFFSET},
      {"NTokens", N_TOKENS}, {"NBytes", N_BYTES}, {"ngramIdx", NGRAM_IDX}, {"ngramCnt", NGRAM_CNT},
      {"quality", QUALITY}, {"qualityFlags", QUALITY_FLAGS}, {"lang", LANG}, {"langScore", LANG_SCORE},
      {"NTokensModel", N_TOKENS_MODEL}, {"minhash", MINHASH}, {"textHash", TEXT_HASH}, {"meta", META},
      {"text", TEXT}};

  private static final ObjectMapper JSON = FeaturizeFiles.JSON;
  private static final Logger LOG = LoggerFactory.getLogger(FeaturizeJob.class);
  /** Spark's name for a job's feature file: {@code part-<partition>-<job uuid>-c000.zstd.parquet}. */
  private static final Pattern PART_FILE = Pattern.compile("part-(\\d+)-.*\\.parquet");

  private FeaturizeJob() {}

  /**
   * Refuses (input error) published features that lack a part a stage needs: {@code computed}
   * says whether they hold {@code part} (quality signals, minhash, language).
   */
  public static void requireComputed(boolean computed, String part, String neededBy, String setting) {
    if (!computed) {
      throw new InputException("the pool's features hold no " + part + ", which " + neededBy
          + " needs: featurize computes them only when " + setting + "; featurize the pool again");
    }
  }

  /** The manifest of the published features in {@code featuresDir}. */
  public static StageManifest<FeaturesManifest> manifest(FileSystem fs, Path featuresDir) throws IOException {
    return StageManifest.readPublished(fs, featuresDir, STAGE, FeaturesManifest.class);
  }

  /** The featurizer settings recorded in a published features folder's manifest. */
  public static FeaturizerSettings settingsOf(FileSystem fs, Path featuresDir) throws IOException {
    Map<String, String> c = manifest(fs, featuresDir).header().config();
    return new FeaturizerSettings(Integer.parseInt(c.get(WinnowConfig.NGRAM_ORDER.name())),
        Integer.parseInt(c.get(WinnowConfig.BUCKETS.name())), HashingMode.parse(c.get(WinnowConfig.HASHING.name())));
  }

  /**
   * The published target features' folder, refused (input error) when its featurizer settings
   * differ from the pool's: no stage may compare vectors made under different settings.
   */
  public static Path targetMatching(FileSystem fs, Path work, FeaturizerSettings poolSettings) throws IOException {
    Path dir = new Path(work, Corpus.TARGET.features);
    FeaturizerSettings settings = settingsOf(fs, dir);
    if (!settings.equals(poolSettings)) {
      throw new InputException("the target features (" + settings + ") and the pool features (" + poolSettings
          + ") were made with different settings; featurize both again");
    }
    return dir;
  }

  /** Featurizes the pool. */
  public static StageManifest<FeaturesManifest> run(SparkSession spark, WinnowConfig config) throws IOException {
    return run(spark, config, Corpus.POOL);
  }

  /** Runs the stage on one corpus and publishes its output; returns the manifest it published. */
  public static StageManifest<FeaturesManifest> run(SparkSession spark, WinnowConfig config, Corpus corpus)
      throws IOException {
    long started = System.currentTimeMillis();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Stage stage = corpus == Corpus.POOL ? Stage.FEATURIZE_POOL : Stage.FEATURIZE_TARGET;
    List<InputFile> files = InputFiles.list(config.get(corpus.input), config.get(WinnowConfig.INPUT_FORMAT), hadoop);
    // stamped on the output: what a rerun compares to decide that there is nothing to do
    String inputDigest = InputFiles.digest(files, config.get(WinnowConfig.INPUT_FINGERPRINT), hadoop);
    try (StageRun run = StageRun.start(spark, config, stage, stage.featurizeFingerprint(config, inputDigest),
        started)) {
      return run(spark, config, corpus, run, files, inputDigest);
    }
  }

  private static StageManifest<FeaturesManifest> run(SparkSession spark, WinnowConfig config, Corpus corpus,
      StageRun run, List<InputFile> files, String inputDigest) throws IOException {
    long started = run.started();
    long totalBytes = files.stream().mapToLong(f -> f.length).sum();
    StagedOutput out = run.resumableStaging(STAGE + "-" + corpus.label());
    Path features = out.folder("features", corpus.features);
    Path quarantine = out.folder("quarantine", corpus.quarantine, corpus.features);
    Path tallies = out.scratch("tallies");
    Path ids = out.scratch("ids");
    Path counts = out.scratch("counts");
    FeaturizeCheckpoints checkpoints = FeaturizeCheckpoints.open(out,
        () -> taskGroups(spark, files, config.get(WinnowConfig.PARTITION_BYTES)),
        config.get(WinnowConfig.CHECKPOINT_BYTES));
    List<List<InputFile>> groups = checkpoints.groups();
    out.fs().mkdirs(features);
    out.fs().mkdirs(quarantine);
    if (checkpoints.resumed() > 0) {
      LOG.warn("featurize {}: resuming: {} of {} checkpoints were done by an earlier run", corpus.label(),
          checkpoints.resumed(), checkpoints.size());
    }
    LOG.info("featurize {}: {} input files ({} bytes) in {} tasks, {} checkpoints", corpus.label(), files.size(),
        totalBytes, groups.size(), checkpoints.size());
    long planned = 0;
    for (int c = 0; c < checkpoints.size(); c++) {
      planned += checkpoints.done(c) ? 0 : checkpoints.groups(c).size();
    }
    PlannedTasks.featurize(planned);
    for (int c = 0; c < checkpoints.size(); c++) {
      if (!checkpoints.done(c)) {
        featurizeCheckpoint(spark, config, corpus, checkpoints, c, features, quarantine, tallies, ids, counts);
      }
    }
    LOG.info("featurize {}: features written in {} s", corpus.label(), seconds(started));
    SideOutput.removeLeftovers(out.fs(), quarantine);
    Map<String, FeaturesManifest.Input> perFile = readTallies(out.fs(), tallies, groups);
    long checking = System.currentTimeMillis();
    boolean rewritten = false;
    TextFeatureSpec spec = corpus.spec(config);
    // the n-gram counts of the documents a rewrite takes out, to take from the tasks' sums
    NgramCounts removed = new NgramCounts(spec.ngrams.buckets);
    List<String> corrupt = perFile.entrySet().stream()
        .filter(e -> e.getValue().rejected().containsKey(RejectReason.CORRUPT_STREAM.code()))
        .map(Map.Entry::getKey).toList();
    if (!corrupt.isEmpty()) {
      checkpoints.invalidate();
      rewritten = true;
      long n = quarantineCorruptFiles(ParquetTables.read(spark, features), corrupt, out, features, quarantine,
          perFile, removed);
      LOG.warn("featurize {}: {} files failed their compressed stream's check; their {} documents are quarantined "
          + "as corrupt_stream", corpus.label(), corrupt.size(), n);
    }
    Dataset<Row> written = ParquetTables.read(spark, features);
    long duplicates = 0;
    if (anyRepeatedId(written, idHashesRepeat(out.fs(), ids, groups.size(), perFile, written))) {
      // rare: quarantine all but the first of each, rewrite
      checkpoints.invalidate();
      rewritten = true;
      duplicates = quarantineDuplicateIds(written, out, features, quarantine, perFile, removed);
    }
    verify(perFile);
    if (rewritten) { // the checkpoints' row checks were of the features before the rewrite
      verifyTotal(ParquetTables.rowsByFile(out.fs(), features).values().stream().mapToLong(Long::longValue).sum(),
          perFile);
    }
    NgramCountFiles.publish(out.fs(), counts, groups.size(), removed, features);
    LOG.info("featurize {}: ids checked ({} duplicates) and counts reconciled in {} s", corpus.label(), duplicates,
        seconds(checking));

    List<FeaturesManifest.Input> inputs = new ArrayList<>();
    for (InputFile f : files) {
      inputs.add(perFile.get(f.path).describing(f));
    }
    return run.publish(new FeaturesManifest(corpus.label(),
        new FeaturesManifest.Computed(spec.qualitySignals, spec.minhash, spec.language, spec.tokenizer,
            files.stream().anyMatch(f -> !FeaturizeFiles.storesText(storeAllText(config), f))), inputs,
        FeaturesManifest.totals(inputs, groups.size(), checkpoints.size(), checkpoints.resumed(), totalBytes,
            duplicates), inputDigest, out.work().toString(), out.target("features").toString(),
        out.target("quarantine").toString()), features);
  }

  /**
   * Featurizes checkpoint {@code c} (one Spark job over its task groups) into a folder of its own
   * and commits it, once its rows check against its tallies, into the staged {@code features},
   * {@code quarantine}, {@code tallies}, {@code ids} and {@code counts}.
   */
  private static void featurizeCheckpoint(SparkSession spark, WinnowConfig config, Corpus corpus,
      FeaturizeCheckpoints checkpoints, int c, Path features, Path quarantine, Path tallies, Path ids, Path counts)
      throws IOException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<List<InputFile>> groups = checkpoints.groups(c);
    Path dir = checkpoints.begin(c);
    FileSystem fs = dir.getFileSystem(hadoop);
    Path checkpointQuarantine = new Path(dir, "quarantine");
    Path checkpointTallies = new Path(dir, "tallies");
    Path checkpointIds = new Path(dir, "ids");
    Path checkpointCounts = new Path(dir, "counts");
    fs.mkdirs(checkpointQuarantine);
    fs.mkdirs(checkpointTallies);
    fs.mkdirs(checkpointIds);
    fs.mkdirs(checkpointCounts);
    spark.sparkContext().setJobDescription("winnow featurize " + corpus.label() + ": checkpoint " + (c + 1) + " of "
        + checkpoints.size() + ", " + groups.size() + " tasks");
    FeaturizeFiles task = new FeaturizeFiles(new HadoopConf(hadoop), checkpointQuarantine.toString(),
        checkpointTallies.toString(), checkpointIds.toString(), checkpointCounts.toString(),
        config.get(WinnowConfig.INPUT_ID_FIELD), config.get(WinnowConfig.INPUT_TEXT_FIELD),
        config.get(WinnowConfig.INPUT_METADATA_FIELDS),
        config.get(WinnowConfig.INPUT_MAX_RECORD_BYTES), corpus.spec(config), storeAllText(config),
        checkpoints.firstGroup(c),
        spark.sparkContext().longAccumulator(RECORDS_READ));
    JavaRDD<FeatureRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(groups, Math.max(1, groups.size()))
        .mapPartitionsWithIndex(task, false);
    writeFeatures(columns(spark.createDataset(rows.rdd(), Encoders.bean(FeatureRow.class)).toDF()),
        new Path(dir, "features"));
    SideOutput.removeLeftovers(fs, checkpointQuarantine);
    verifyRows(rowsByTask(fs, new Path(dir, "features")), fs, checkpointTallies, checkpoints.firstGroup(c),
        groups.size());
    checkpoints.commit(c, dir,
        Map.of("features", features, "quarantine", quarantine, "tallies", tallies, "ids", ids, "counts", counts));
  }

  /**
   * Parquet with zstd. The packed n-gram vectors and the signatures skip dictionary encoding:
   * nearly every value is distinct, so a dictionary costs a hash lookup per value and saves
   * nothing.
   */
  private static void writeFeatures(Dataset<Row> table, Path dir) {
    table.write().mode(SaveMode.ErrorIfExists)
        .option("compression", "zstd")
        .option("parquet.enable.dictionary#ngram_idx", "false")
        .option("parquet.enable.dictionary#ngram_cnt", "false")
        .option("parquet.enable.dictionary#minhash", "false")
        .parquet(dir.toString());
  }

  private static boolean storeAllText(WinnowConfig config) {
    return config.get(WinnowConfig.STORE_TEXT) == Choices.StoreText.ALWAYS;
  }

  private static double seconds(long since) {
    return (System.currentTimeMillis() - since) / 1000.0;
  }

  /** The bean's properties renamed and ordered as the features contract says. */
  static Dataset<Row> columns(Dataset<Row> beans) {
    Column[] cols = new Column[FEATURES_COLUMNS.length];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = FEATURES_COLUMNS[i][1].equals(QUALITY) ? qualityStruct(col(FEATURES_COLUMNS[i][0])).as(QUALITY)
          : col(FEATURES_COLUMNS[i][0]).as(FEATURES_COLUMNS[i][1]);
    }
    return beans.select(cols);
  }

  /** The signal array as a struct with one named field per {@link QualitySignal}. */
  private static Column qualityStruct(Column signals) {
    QualitySignal[] all = QualitySignal.values();
    Column[] fields = new Column[all.length];
    for (QualitySignal q : all) {
      fields[q.ordinal()] = signals.getItem(q.ordinal()).as(q.column());
    }
    return struct(fields);
  }

  /** The name of the accumulator counting the records featurize tasks have read so far (the CLI's progress). */
  public static final String RECORDS_READ = "winnow records read";

  /** The smallest line range a big file is cut into: below this a task's fixed cost dominates. */
  static final long MIN_RANGE_BYTES = 256 << 10;

  /**
   * The files each featurize task reads, in order: at least two tasks per core, so that files of
   * uneven size still balance, and at most {@code partitionBytes} (as stored) a task, in a number
   * of tasks that is a multiple of the cores, so that the last wave of tasks keeps every core
   * busy (five equal tasks on two cores take three tasks' time; four or six take two or three,
   * with no core idle). Small files are packed whole into a task, by bytes
   * ({@link InputFiles#pack}); an uncompressed line-oriented file larger than a task's share is
   * cut at line boundaries into ranges of about that share ({@link #cutLargeFiles}).
   */
  public static List<List<InputFile>> taskGroups(SparkSession spark, List<InputFile> files, long partitionBytes)
      throws IOException {
    long cores = spark.sparkContext().defaultParallelism();
    long totalBytes = files.stream().mapToLong(f -> f.length).sum();
    long tasks = Math.max(2 * cores, ceilDiv(totalBytes, Math.max(1, partitionBytes)));
    tasks = ceilDiv(tasks, cores) * cores;
    return InputFiles.pack(cutLargeFiles(spark, files, Math.max(1, ceilDiv(totalBytes, tasks))), tasks);
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }

  /**
   * Every splittable file (uncompressed JSONL or text lines) of more than {@code targetBytes} cut
   * into equal ranges of about {@code targetBytes} (and at least {@link #MIN_RANGE_BYTES}); the first
   * line number of each range comes from one Spark job that counts the line starts of every range
   * but the last of each file (a newline scan, each byte read once).
   */
  static List<InputFile> cutLargeFiles(SparkSession spark, List<InputFile> files, long targetBytes)
      throws IOException {
    long size = Math.max(targetBytes, MIN_RANGE_BYTES);
    List<InputFile> probes = new ArrayList<>();
    for (InputFile f : files) {
      long pieces = pieces(f, size);
      for (long i = 0; i + 1 < pieces; i++) { // the last range's count is never needed
        probes.add(f.withRange(new LineRange(f.length * i / pieces, f.length * (i + 1) / pieces, 1)));
      }
    }
    if (probes.isEmpty()) {
      return files;
    }
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    spark.sparkContext().setJobDescription("winnow featurize: numbering the lines of " + probes.size()
        + " ranges of big files");
    List<Long> starts = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(probes, probes.size())
        .map(f -> {
          Path p = new Path(f.path);
          try (FSDataInputStream in = p.getFileSystem(conf.get()).open(p)) {
            in.seek(f.range.readFrom());
            return f.range.lineStarts(in);
          }
        }).collect();
    List<InputFile> out = new ArrayList<>();
    int probe = 0;
    int cut = 0;
    for (InputFile f : files) {
      long pieces = pieces(f, size);
      if (pieces < 2) {
        out.add(f);
        continue;
      }
      cut++;
      long firstLine = 1;
      for (long i = 0; i < pieces; i++) {
        out.add(f.withRange(new LineRange(f.length * i / pieces, f.length * (i + 1) / pieces, firstLine)));
        if (i + 1 < pieces) {
          firstLine += starts.get(probe++);
        }
      }
    }
    LOG.info("featurize: {} big files cut into {} line ranges", cut, out.size() - (files.size() - cut));
    return out;
  }

  private static Map<String, FeaturesManifest.Input> readTallies(FileSystem fs, Path dir,
      List<List<InputFile>> groups) throws IOException {
    Map<String, FeaturesManifest.Input> perFile = new LinkedHashMap<>();
    for (int p = 0; p < groups.size(); p++) {
      for (FeaturesManifest.Input tally : readTally(fs, dir, p)) {
        perFile.merge(tally.file(), tally, FeaturesManifest.Input::plus);
      }
    }
    return perFile;
  }

  /** The tallies of task group {@code p}: one per file (or line range) it read. */
  private static List<FeaturesManifest.Input> readTally(FileSystem fs, Path dir, int p) throws IOException {
    Path f = new Path(dir, FeaturizeFiles.partName(p, "json"));
    if (!fs.exists(f)) {
      throw new IllegalStateException("featurize task " + p + " finished without its tally " + f);
    }
    JsonNode doc;
    try (InputStream in = fs.open(f)) {
      doc = JSON.readTree(in);
    }
    List<FeaturesManifest.Input> tallies = new ArrayList<>();
    for (JsonNode t : doc.get(FeaturizeFiles.TALLIES)) {
      tallies.add(StageManifest.JSON.treeToValue(t, FeaturesManifest.Input.class));
    }
    return tallies;
  }

  /**
   * Into how many equal ranges a file is cut: the nearest whole number of {@code size}-byte
   * ranges (a file a hair over one task's share stays whole), each at least the minimum.
   */
  private static long pieces(InputFile f, long size) {
    if (!LineRange.splittable(f.format, f.path)) {
      return 1;
    }
    return Math.max(1, Math.min((f.length + size / 2) / size, f.length / MIN_RANGE_BYTES));
  }

  /**
   * Whether some doc_id hash repeats: the tasks' sorted hash files merged on the driver
   * ({@link IdHashes}) up to {@link IdHashes#DRIVER_MAX} documents and
   * {@link IdHashes#MERGE_MAX_FILES} tasks, else (or when a task's file is missing, as in a
   * staging resumed from a version of Winnow that wrote none) an aggregation of xxHash64 of the
   * written ids, a long a row to shuffle.
   */
  private static boolean idHashesRepeat(FileSystem fs, Path ids, int tasks, Map<String, FeaturesManifest.Input> perFile,
      Dataset<Row> written) throws IOException {
    long docs = perFile.values().stream().mapToLong(FeaturesManifest.Input::docs).sum();
    Set<String> present = new HashSet<>();
    if (fs.exists(ids)) { // one listing, not a look-up a task
      for (FileStatus st : fs.listStatus(ids)) {
        present.add(st.getPath().getName());
      }
    }
    List<Path> files = new ArrayList<>();
    for (int p = 0; p < tasks; p++) {
      files.add(new Path(ids, FeaturizeFiles.partName(p, IdHashes.EXT)));
    }
    boolean allThere = files.stream().allMatch(f -> present.contains(f.getName()));
    if (docs <= IdHashes.DRIVER_MAX && tasks <= IdHashes.MERGE_MAX_FILES && allThere) {
      return IdHashes.anyRepeated(fs, files);
    }
    return hashesRepeat(written, xxhash64(col(DOC_ID)));
  }

  /** Whether {@code hash}, a 64-bit hash of the doc_id, repeats in {@code written}: one Spark job. */
  static boolean hashesRepeat(Dataset<Row> written, Column hash) {
    return repeats(written.groupBy(hash.as("h"))) > 0;
  }

  /**
   * Whether a doc_id repeats in {@code written}, given whether their hashes do: only when some
   * hash repeats are the ids themselves compared, so that two ids that share a hash are not
   * taken for one.
   */
  static boolean anyRepeatedId(Dataset<Row> written, boolean hashesRepeat) {
    return hashesRepeat && repeats(written.groupBy(DOC_ID)) > 0;
  }

  /** How many groups hold more than one row: one job (a limit would scan the groups in rounds). */
  private static long repeats(RelationalGroupedDataset groups) {
    return groups.count().filter(col("count").gt(1)).count();
  }

  /**
   * Keeps the first record of each doc_id (in input order: file path, then line) and moves the
   * others to the quarantine as duplicate_id, rewriting the features only when there are any.
   */
  private static long quarantineDuplicateIds(Dataset<Row> written, StagedOutput out, Path features,
      Path quarantine, Map<String, FeaturesManifest.Input> perFile, NgramCounts removed) throws IOException {
    Dataset<Row> dupIds = written.groupBy(DOC_ID).count().filter(col("count").gt(1)).select(DOC_ID);
    WindowSpec byId = Window.partitionBy(DOC_ID).orderBy(SRC_FILE, SRC_LINE);
    Dataset<Row> losers = written.select(DOC_ID, SRC_FILE, SRC_LINE)
        .join(dupIds, DOC_ID)
        .withColumn("rank", row_number().over(byId))
        .withColumn("first_file", first(SRC_FILE).over(byId))
        .withColumn("first_line", first(SRC_LINE).over(byId))
        .filter(col("rank").gt(1))
        .select(col(SRC_FILE), col(SRC_LINE), concat(lit("doc_id '"), col(DOC_ID), lit("' was first read at "),
            col("first_file"), lit(" line "), col("first_line").cast("string")).as("detail"));
    return quarantineRows(written, losers, RejectReason.DUPLICATE_ID, "duplicate-ids", out, features, quarantine,
        perFile, removed);
  }

  /**
   * Every document read from a file whose compressed stream failed its check, moved to the
   * quarantine as corrupt_stream: the text decoded before the check failed may be garbage.
   */
  private static long quarantineCorruptFiles(Dataset<Row> written, List<String> corrupt, StagedOutput out,
      Path features, Path quarantine, Map<String, FeaturesManifest.Input> perFile, NgramCounts removed)
      throws IOException {
    Dataset<Row> losers = written.filter(col(SRC_FILE).isin(corrupt.toArray()))
        .select(col(SRC_FILE), col(SRC_LINE), lit("decoded before the file's compressed stream failed its check "
            + "(its corrupt_stream entry says where): it cannot be trusted").as("detail"));
    return quarantineRows(written, losers, RejectReason.CORRUPT_STREAM, "corrupt-streams", out, features, quarantine,
        perFile, removed);
  }

  /**
   * Moves the feature rows {@code losers} ({@code src_file, src_line, detail}) to the quarantine
   * as {@code reason}: quarantine lines in {@code name-part-*} files, each file's tally moved
   * from docs to quarantined, their n-gram counts added to {@code removed}, the features
   * rewritten without them. Returns how many.
   */
  private static long quarantineRows(Dataset<Row> written, Dataset<Row> losers, RejectReason reason, String name,
      StagedOutput out, Path features, Path quarantine, Map<String, FeaturesManifest.Input> perFile,
      NgramCounts removed) throws IOException {
    losers = losers.cache();
    try {
      long n = losers.count();
      Dataset<Row> places = losers.select(SRC_FILE, SRC_LINE);
      String[] place = {SRC_FILE, SRC_LINE};
      removed.merge(FeatureVectors.sum(written.join(places, place, "left_semi"), removed.buckets(), 0, 1));
      Path lines = out.scratch(name);
      losers.select(col(SRC_FILE).as("file"), col(SRC_LINE).as("line"), lit(reason.code()).as("reason"),
              col("detail"))
          .orderBy("file", "line")
          .coalesce(1)
          .write().json(lines.toString());
      int part = 0; // named as the docs say: <name>-part-NNNNN.jsonl beside the tasks' part-NNNNN.jsonl
      for (FileStatus st : out.fs().listStatus(lines)) {
        if (st.getPath().getName().startsWith("part-")) {
          out.fs().rename(st.getPath(), new Path(quarantine, name + "-" + FeaturizeFiles.partName(part++, "jsonl")));
        }
      }
      for (Row r : losers.groupBy(SRC_FILE).count().collectAsList()) {
        perFile.computeIfPresent(r.getString(0), (file, t) -> t.quarantine(reason, r.getLong(1)));
      }
      Path kept = out.scratch("features-" + name);
      writeFeatures(written.join(places, place, "left_anti"), kept);
      out.fs().delete(features, true);
      if (!out.fs().rename(kept, features)) {
        throw new IOException("cannot move " + kept + " to " + features);
      }
      return n;
    } finally {
      losers.unpersist();
    }
  }

  /**
   * The rows of the feature files in {@code dir} by the Spark task (partition) that wrote them,
   * from the files' footers: Spark names a job's files {@code part-<partition>-<job>...}.
   */
  static Map<Integer, Long> rowsByTask(FileSystem fs, Path dir) throws IOException {
    Map<Integer, Long> rows = new TreeMap<>();
    for (Map.Entry<String, Long> e : ParquetTables.rowsByFile(fs, dir).entrySet()) {
      Matcher m = PART_FILE.matcher(e.getKey());
      if (m.matches()) {
        rows.merge(Integer.parseInt(m.group(1)), e.getValue(), Long::sum);
      }
    }
    return rows;
  }

  /**
   * A checkpoint's rows written, by task, against its tasks' tallies ({@code talliesDir}, the
   * checkpoint's groups from {@code firstGroup}): each task must have written a row for every
   * document it counted.
   */
  static void verifyRows(Map<Integer, Long> rows, FileSystem fs, Path talliesDir, int firstGroup, int tasks)
      throws IOException {
    List<String> wrong = new ArrayList<>();
    for (int p = 0; p < tasks; p++) {
      List<FeaturesManifest.Input> tallies = readTally(fs, talliesDir, firstGroup + p);
      long docs = tallies.stream().mapToLong(FeaturesManifest.Input::docs).sum();
      long written = rows.getOrDefault(p, 0L);
      if (docs != written) {
        wrong.add("task " + (firstGroup + p) + " (" + tallies.stream().map(FeaturesManifest.Input::file).toList()
            + ") counted " + docs + " documents and wrote " + written + " rows");
      }
    }
    rows.keySet().stream().filter(p -> p >= tasks).forEach(p -> wrong.add("rows from a task " + p + " of none"));
    if (!wrong.isEmpty()) {
      throw new IllegalStateException("featurize accounting does not reconcile: " + wrong);
    }
  }

  /** Per input file, the records read must be its documents and its quarantined records. */
  private static void verify(Map<String, FeaturesManifest.Input> perFile) {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, FeaturesManifest.Input> e : perFile.entrySet()) {
      FeaturesManifest.Input t = e.getValue();
      if (t.records() != t.docs() + t.quarantined()) {
        wrong.add(e.getKey() + ": records " + t.records() + ", docs " + t.docs() + ", quarantined "
            + t.quarantined());
      }
    }
    if (!wrong.isEmpty()) {
      throw new IllegalStateException("featurize accounting does not reconcile: " + wrong);
    }
  }

  /** After a rewrite of the features: the rows left must be the documents the tallies still count. */
  private static void verifyTotal(long rows, Map<String, FeaturesManifest.Input> perFile) {
    long docs = perFile.values().stream().mapToLong(FeaturesManifest.Input::docs).sum();
    if (rows != docs) {
      throw new IllegalStateException("featurize accounting does not reconcile: the rewritten features hold " + rows
          + " rows for " + docs + " documents");
    }
  }
}
