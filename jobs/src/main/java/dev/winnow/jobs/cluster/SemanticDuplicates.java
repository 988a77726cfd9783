package dev.winnow.jobs.cluster;

import static org.apache.spark.sql.functions.col;

import dev.winnow.common.cluster.Centers;
import dev.winnow.common.cluster.DocEmbedding;
import dev.winnow.common.dedup.SemanticDedup;
import dev.winnow.jobs.importance.FeatureVectors;
import dev.winnow.jobs.pipeline.Columns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The cluster stage's semantic near-duplicates ({@code cluster.semantic_eps > 0}): every pool
 * document's embedding and distance to its center, grouped by cluster and sorted by (distance,
 * doc_id), scanned by {@link SemanticDedup}. Written as {@code doc_id, semantic_rep} for the
 * duplicates only, under the published clusters folder ({@link #FOLDER}); the select stage
 * drops them as {@code semantic_duplicate}. One cluster is scanned by one task, in memory
 * bounded by the window (plus an int and an id per document of the cluster).
 */
public final class SemanticDuplicates {
  /** Under the clusters folder; a leading underscore keeps readers of the clusters table out of it. */
  static final String FOLDER = "_semantic_duplicates";

  private SemanticDuplicates() {}

  /**
   * Finds and writes them under the staged {@code clusters}, to be published to
   * {@code publishedClusters}; returns the manifest's figures.
   */
  static ClustersManifest.Semantic find(SparkSession spark, Dataset<Row> pool, Broadcast<DocEmbedding> embedding,
      Broadcast<Centers> centers, double eps, int window, Path clusters, Path publishedClusters) throws IOException {
    int dims = embedding.value().dimensions();
    JavaRDD<Row> placed = FeatureVectors.rows(pool).mapPartitions(rows -> FeatureVectors.map(rows, r -> {
      double[] v = embedding.value().embed(FeatureVectors.idx(r), FeatureVectors.cnt(r));
      if (v == null) {
        return null;
      }
      int c = centers.value().nearest(v);
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      return RowFactory.create(c, centers.value().distance(v, c), FeatureVectors.docId(r), f);
    })).filter(r -> r != null);
    StructType schema = new StructType().add("cluster", DataTypes.IntegerType, false)
        .add("dist", DataTypes.DoubleType, false).add("doc_id", DataTypes.StringType, false)
        .add("vec", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    LongAccumulator compared = spark.sparkContext().longAccumulator("winnow semantic pairs compared");
    LongAccumulator capped = spark.sparkContext().longAccumulator("winnow semantic windows capped");
    Dataset<Row> sorted = spark.createDataFrame(placed, schema)
        .repartition(col("cluster")).sortWithinPartitions("cluster", "dist", "doc_id");
    Dataset<Row> duplicates = sorted.mapPartitions(
        (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) rows ->
            scan(rows, eps, window, dims, compared, capped), Encoders.row(SCHEMA));
    Path dir = new Path(clusters, FOLDER);
    duplicates.write().mode(SaveMode.ErrorIfExists).option("compression", "zstd").parquet(dir.toString());
    long found = read(spark, dir.toString()).count();
    return new ClustersManifest.Semantic(eps, window, found, compared.value(), capped.value(),
        new Path(publishedClusters, FOLDER).toString());
  }

  /**
   * The duplicates written under {@code dir}: read by their files, since Spark takes a folder
   * whose name starts with '_' for a hidden one (and warns that it ignored it).
   */
  public static Dataset<Row> read(SparkSession spark, String dir) throws IOException {
    Path p = new Path(dir);
    List<String> files = new ArrayList<>();
    for (FileStatus st : p.getFileSystem(spark.sparkContext().hadoopConfiguration()).listStatus(p)) {
      if (st.getPath().getName().startsWith("part-")) {
        files.add(st.getPath().toString());
      }
    }
    return files.isEmpty() ? spark.createDataFrame(List.of(), SCHEMA)
        : spark.read().schema(SCHEMA).parquet(files.toArray(new String[0]));
  }

  private static final StructType SCHEMA = new StructType().add(Columns.DOC_ID, DataTypes.StringType, false)
      .add(Columns.SEMANTIC_REP, DataTypes.StringType, false);

  /** One partition's clusters, each in (distance, doc_id) order: the duplicates with their representatives. */
  private static Iterator<Row> scan(Iterator<Row> rows, double eps, int window, int dims, LongAccumulator compared,
      LongAccumulator capped) {
    SemanticDedup dedup = new SemanticDedup(eps, window, dims);
    List<Row> out = new ArrayList<>();
    Integer current = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      int c = r.getInt(0);
      if (current != null && c != current) {
        emit(dedup.finish(), out);
      }
      current = c;
      List<Float> v = r.getList(3);
      float[] f = new float[v.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = v.get(i);
      }
      dedup.add(r.getString(2), r.getDouble(1), f);
    }
    emit(dedup.finish(), out);
    compared.add(dedup.compared());
    capped.add(dedup.cappedWindows());
    return out.iterator();
  }

  private static void emit(List<String[]> pairs, List<Row> out) {
    for (String[] p : pairs) {
      out.add(RowFactory.create(p[0], p[1]));
    }
  }
}
