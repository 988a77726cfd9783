package dev.winnow.jobs;

import com.esotericsoftware.kryo.Kryo;
import dev.winnow.common.cluster.Centers;
import dev.winnow.common.cluster.DocEmbedding;
import dev.winnow.common.dedup.MinHash;
import dev.winnow.common.featurize.TextFeatureSpec;
import dev.winnow.common.importance.FeaturizerSettings;
import dev.winnow.common.importance.ImportanceModel;
import dev.winnow.common.importance.NgramCounts;
import dev.winnow.common.select.TopCut;
import dev.winnow.jobs.featurize.FeatureRow;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers the classes Winnow's tasks ship and shuffle with Kryo
 * ({@code spark.kryo.registrator=dev.winnow.jobs.KryoRegistration}, set by both launch
 * scripts): registered classes are written as a small id instead of their full name.
 */
public final class KryoRegistration implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    for (Class<?> c : new Class<?>[] {FeatureRow.class, TopCut.class, TopCut.Cut.class, TopCut.Histogram.class,
        TopCut.Candidate.class, DocEmbedding.class, Centers.class, MinHash.class, TextFeatureSpec.class,
        FeaturizerSettings.class, ImportanceModel.class, NgramCounts.class, int[].class, long[].class,
        double[].class, long[][].class}) {
      kryo.register(c);
    }
  }
}
