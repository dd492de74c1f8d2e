package org.ptpmesh.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line is a
 * HELP, a TYPE or a sample; every sample belongs to a family whose TYPE came before it; names,
 * label names and escapes are as the format allows; a histogram's buckets are cumulative and end
 * at +Inf with its count. Anything else fails with the line that broke the rule.
 */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");

    final Map<String, String> types = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText out = new PrometheusText();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a line feed");
        }
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.line(line);
            }
        }
        out.checkHistograms();
        return out;
    }

    private void line(String line) {
        Matcher m;
        if ((m = HELP.matcher(line)).matches()) {
            return;
        }
        if ((m = TYPE.matcher(line)).matches()) {
            if (types.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException("a second TYPE for " + m.group(1));
            }
            return;
        }
        if (line.startsWith("#")) {
            throw new IllegalArgumentException("a comment that is neither HELP nor TYPE: " + line);
        }
        sample(line);
    }

    private void sample(String line) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException("no metric name: " + line);
        }
        int i = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("no space before the value: " + line);
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("more than a value and a timestamp: " + line);
        }
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        String family = family(name.group());
        if (family == null) {
            throw new IllegalArgumentException("a sample with no TYPE before it: " + line);
        }
        samples.add(new Sample(name.group(), labels, value));
    }

    private int labels(String line, int i, Map<String, String> labels) {
        while (line.charAt(i) != '}') {
            Matcher label = LABEL_NAME.matcher(line).region(i, line.length());
            if (!label.lookingAt() || line.charAt(label.end()) != '=' || line.charAt(label.end() + 1) != '"') {
                throw new IllegalArgumentException("a malformed label at " + i + ": " + line);
            }
            StringBuilder value = new StringBuilder();
            int j = label.end() + 2;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char e = line.charAt(++j);
                    value.append(switch (e) {
                        case 'n' -> '\n';
                        case '\\' -> '\\';
                        case '"' -> '"';
                        default -> throw new IllegalArgumentException("an escape \\" + e + " the format has not: " + line);
                    });
                } else {
                    value.append(c);
                }
            }
            if (labels.put(label.group(), value.toString()) != null) {
                throw new IllegalArgumentException("label " + label.group() + " twice: " + line);
            }
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    /** The family a sample name belongs to: itself, or a histogram's or summary's with its suffix cut. */
    private String family(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base)) && !suffix.equals("_bucket")) {
                    return base;
                }
            }
        }
        return null;
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Double, Double> buckets = new HashMap<>();
            double last = -1;
            double lastLe = Double.NEGATIVE_INFINITY;
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    double le = Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity"));
                    if (le <= lastLe || s.value() < last) {
                        throw new IllegalArgumentException(family + ": buckets not ascending and cumulative at le=" + le);
                    }
                    lastLe = le;
                    last = s.value();
                    buckets.put(le, s.value());
                }
            }
            if (!buckets.containsKey(Double.POSITIVE_INFINITY) || buckets.get(Double.POSITIVE_INFINITY) != value(family + "_count", Map.of())) {
                throw new IllegalArgumentException(family + ": no +Inf bucket equal to its _count");
            }
        });
    }

    /** The value of the one sample with this name and these labels. */
    double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).mapToDouble(Sample::value)
                .reduce((a, b) -> {
                    throw new IllegalArgumentException("two samples " + name + labels);
                }).orElseThrow(() -> new IllegalArgumentException("no sample " + name + labels));
    }
}
