/*
 * Test-server shim for portal-archive: the `asciifolding` token filter and the `mapping` char
 * filter that a stock Elasticsearch distribution provides through its bundled `analysis-common`
 * module.
 *
 * Why this exists: Maven Central publishes a real Elasticsearch 8.14 distribution only as the
 * "integ-test-zip", which leaves out the analysis-common module, and that module is published
 * nowhere we can reach. search/es_runner.py compiles this file against the distribution's own
 * jars and installs it as a module, so the test server accepts the SAME index template as a
 * production cluster. Both factories are thin wrappers over the Lucene filters that
 * analysis-common wraps (ASCIIFoldingFilter, MappingCharFilter); only the names and the two
 * parameters our template uses (preserve_original, mappings) are supported.
 */
package org.portalarchive.escompat;

import java.io.Reader;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

public final class AnalysisCompatPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of("asciifolding", (indexSettings, env, name, settings) -> new Folding(name, settings));
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("mapping", AnalysisPlugin.requiresAnalysisSettings(
            (indexSettings, env, name, settings) -> new Mapping(name, settings)));
    }

    /** `asciifolding`: folds to ASCII; with preserve_original the original token is kept too. */
    static final class Folding extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        Folding(String name, Settings settings) {
            super(name, settings);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream stream) {
            return new ASCIIFoldingFilter(stream, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream stream) {
            // A normalizer must yield exactly one token per input token.
            return new ASCIIFoldingFilter(stream, false);
        }
    }

    /** `mapping`: "from => to" character rewrites applied before tokenizing. */
    static final class Mapping extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final NormalizeCharMap map;

        Mapping(String name, Settings settings) {
            super(name);
            List<String> rules = settings.getAsList("mappings");
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("mapping requires `mappings` to be configured");
            }
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                int arrow = rule.indexOf("=>");
                if (arrow < 0) {
                    throw new IllegalArgumentException("invalid mapping rule [" + rule + "]");
                }
                String from = rule.substring(0, arrow).strip();
                if (from.isEmpty()) {
                    throw new IllegalArgumentException("invalid mapping rule [" + rule + "]");
                }
                builder.add(from, rule.substring(arrow + 2).strip());
            }
            this.map = builder.build();
        }

        @Override
        public Reader create(Reader reader) {
            return new MappingCharFilter(map, reader);
        }
    }
}
