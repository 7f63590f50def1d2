package io.certlife.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What a packaged service ({@code <service>/target/quarkus-app}) accepts as configuration at run time, read off
 * the service itself: the run-time keys of every Quarkus extension it contains (each extension jar ships its
 * configuration model), the keys of certlife's own {@code @ConfigMapping}s and {@code @ConfigProperty}s, the
 * non-Quarkus keys of its {@code application.properties} (messaging channels, scheduler expressions), and
 * {@code kafka.*} keys that name a real Kafka client setting.
 */
final class ServiceConfig {

    private final String service;
    private final Set<String> environmentNames = new HashSet<>();
    private final List<Pattern> environmentPatterns = new ArrayList<>();
    private final Properties applicationProperties = new Properties();

    private ServiceConfig(String service) {
        this.service = service;
    }

    private static final java.util.Map<String, ServiceConfig> READ = new java.util.concurrent.ConcurrentHashMap<>();

    /** The service's configuration, read off its packaged app once per test run. */
    static ServiceConfig of(String service) {
        return READ.computeIfAbsent(service, ServiceConfig::read);
    }

    private static ServiceConfig read(String service) {
        Path app = Kustomize.home().resolve(service).resolve("target/quarkus-app");
        if (!Files.isDirectory(app)) {
            throw new AssertionError(app + " is missing: the manifests are checked against the packaged service; "
                    + "build it first (./mvnw verify builds the services before this module)");
        }
        ServiceConfig config = new ServiceConfig(service);
        try {
            List<Path> jars = new ArrayList<>();
            try (Stream<Path> files = Stream.concat(Files.list(app.resolve("app")), Files.list(app.resolve("lib/main")))) {
                files.filter(f -> f.toString().endsWith(".jar")).forEach(jars::add);
            }
            try (Stream<Path> boot = Files.list(app.resolve("lib/boot"))) {
                boot.filter(f -> f.toString().endsWith(".jar")).forEach(jars::add);
            }
            URL[] urls = jars.stream().map(ServiceConfig::url).toArray(URL[]::new);
            try (URLClassLoader loader = new URLClassLoader(urls, null)) {
                for (Path jar : jars) {
                    config.readJar(jar, loader);
                }
            }
            try (InputStream in = Files.newInputStream(Kustomize.home().resolve(service)
                    .resolve("src/main/resources/application.properties"))) {
                config.applicationProperties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // quarkus.* keys only count through the extensions' models, which know which are build-time
        config.applicationProperties.stringPropertyNames().stream()
                .filter(k -> !k.startsWith("%") && !k.startsWith("quarkus."))
                .forEach(k -> config.environmentNames.add(environmentName(k)));
        return config;
    }

    /** Whether the service reads the environment variable {@code name} as configuration. */
    boolean accepts(String name) {
        if (environmentNames.contains(name) || environmentPatterns.stream().anyMatch(p -> p.matcher(name).matches())) {
            return true;
        }
        if (name.startsWith("KAFKA_")) {
            // Quarkus hands every kafka.* key (from FOO_BAR: lower case, '_' -> '.') to the Kafka clients
            String clientKey = name.substring("KAFKA_".length()).toLowerCase().replace('_', '.');
            return ConsumerConfig.configNames().contains(clientKey) || ProducerConfig.configNames().contains(clientKey)
                    || AdminClientConfig.configNames().contains(clientKey);
        }
        return false;
    }

    /** A value from the service's application.properties (default profile). */
    Optional<String> property(String key) {
        return Optional.ofNullable(applicationProperties.getProperty(key));
    }

    /** The keys of application.properties (default profile). */
    Set<String> propertyNames() {
        return applicationProperties.stringPropertyNames();
    }

    String service() {
        return service;
    }

    /** SmallRye Config's environment-variable form of a property name. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private void readJar(Path jar, ClassLoader loader) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry model = zip.getEntry("META-INF/quarkus-config-doc/quarkus-config-model.json");
            if (model != null) {
                try (InputStream in = zip.getInputStream(model)) {
                    runTimeKeys(Kustomize.YAML.readTree(in));
                }
            }
            if (jar.getFileName().toString().startsWith("io.certlife.") || jar.getParent().getFileName().toString().equals("app")) {
                for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                    String entry = entries.nextElement().getName();
                    if (entry.startsWith("io/certlife/") && entry.endsWith(".class")) {
                        certlifeKeys(entry.substring(0, entry.length() - 6).replace('/', '.'), loader);
                    }
                }
            }
        }
    }

    /** Run-time properties of an extension's configuration model (build-time ones cannot be set at run time). */
    private void runTimeKeys(JsonNode node) {
        if (node.isObject()) {
            JsonNode path = node.get("path");
            if (path != null && path.has("environmentVariable") && "RUN_TIME".equals(node.path("phase").asText())) {
                addEnvironment(path.get("environmentVariable").asText());
                node.path("additionalPaths").forEach(p -> {
                    if (p.has("environmentVariable")) {
                        addEnvironment(p.get("environmentVariable").asText());
                    }
                });
            }
            node.forEach(this::runTimeKeys);
        } else if (node.isArray()) {
            node.forEach(this::runTimeKeys);
        }
    }

    /** Named map keys appear as {@code __NAME__} in the model: any name matches there. */
    private void addEnvironment(String name) {
        if (name.contains("__")) {
            environmentPatterns.add(Pattern.compile(name.replaceAll("__[A-Z0-9_]+?__", "_[A-Z0-9_]+_")));
        } else {
            environmentNames.add(name);
        }
    }

    private void certlifeKeys(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return;
        }
        for (Annotation a : type.getAnnotations()) {
            if (a.annotationType().getName().equals("io.smallrye.config.ConfigMapping")) {
                mapping(type, (String) value(a, "prefix"));
            }
        }
        try {
            for (var field : type.getDeclaredFields()) {
                configProperty(field.getAnnotations());
            }
            for (var constructor : type.getDeclaredConstructors()) {
                for (Annotation[] parameter : constructor.getParameterAnnotations()) {
                    configProperty(parameter);
                }
            }
        } catch (LinkageError e) {
            // a class whose members reference what the service does not ship is not configuration
        }
    }

    private void configProperty(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().equals("org.eclipse.microprofile.config.inject.ConfigProperty")) {
                environmentNames.add(environmentName((String) value(a, "name")));
            }
        }
    }

    /** The keys of a {@code @ConfigMapping} interface: kebab-case method names, nested groups, maps of groups. */
    private void mapping(Class<?> type, String prefix) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = prefix + "." + name(m);
            Type returned = m.getGenericReturnType();
            if (returned instanceof ParameterizedType p && p.getRawType() == Optional.class) {
                returned = p.getActualTypeArguments()[0];
            }
            if (returned instanceof ParameterizedType p && p.getRawType() == java.util.Map.class) {
                Type valueType = p.getActualTypeArguments()[1];
                if (valueType instanceof Class<?> c && c.isInterface()) {
                    mappingPattern(c, key + ".*");
                } else {
                    environmentPatterns.add(pattern(key + ".*"));
                }
            } else if (returned instanceof Class<?> c && c.isInterface() && !c.getName().startsWith("java.")) {
                mapping(c, key);
            } else {
                environmentNames.add(environmentName(key));
            }
        }
    }

    private void mappingPattern(Class<?> type, String prefix) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0 && !m.isDefault()) {
                environmentPatterns.add(pattern(prefix + "." + name(m)));
            }
        }
    }

    private static Pattern pattern(String keyWithWildcard) {
        String[] parts = keyWithWildcard.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(environmentName(parts[i])));
        }
        return Pattern.compile(regex.toString());
    }

    private static String name(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a.annotationType().getName().equals("io.smallrye.config.WithName")) {
                return (String) value(a, "value");
            }
        }
        return m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Object value(Annotation a, String member) {
        try {
            return a.annotationType().getMethod(member).invoke(a);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
