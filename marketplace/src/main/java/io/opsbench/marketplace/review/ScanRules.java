package io.opsbench.marketplace.review;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the bytecode scan refuses, and why. A rule matches a type (any use of it, including as the owner of a
 * called method or read field) or a member (a method or field by owner and name, optionally by descriptor).
 *
 * <p>Advisory rules produce warnings wherever they match: they name things a reviewer must look at, not things
 * a plugin may never do.
 */
final class ScanRules {

    /** A reference found in a class file: a type, or a method or field of an owner type (JVM names). */
    record Reference(Kind kind, String owner, String name, String descriptor) {

        enum Kind { TYPE, METHOD, FIELD }

        static Reference type(String internalName) {
            return new Reference(Kind.TYPE, internalName, "", "");
        }
    }

    record Rule(Kind kind, Predicate<String> owner, Set<String> names, String descriptorPrefix, boolean exemptIfBundled,
        boolean advisory, String why) {

        enum Kind { TYPE, MEMBER }

        /** Whether the rule matches; a type rule matches the owner of any reference. */
        boolean matches(Reference reference) {
            if (kind == Kind.TYPE) {
                return owner.test(reference.owner());
            }
            return reference.kind() != Reference.Kind.TYPE && owner.test(reference.owner()) && names.contains(reference.name())
                && (descriptorPrefix == null || reference.descriptor().startsWith(descriptorPrefix));
        }
    }

    private static final String PLATFORM = "a platform-internal package; plugins may use only plugin-api, and the platform's classes are not"
        + " visible to them";
    private static final String PROCESS = "starts or controls operating-system processes outside the platform's control";
    private static final String EXIT = "stops the platform's JVM, and every tenant's work with it";
    private static final String UNSAFE = "bypasses the JVM's memory safety";
    private static final String NATIVE = "loads or calls native code, which no classloader confines";
    private static final String ENVIRONMENT = "reads the platform's environment or system properties, where its secrets live;"
        + " a plugin's settings come from context.config()";
    private static final String GLOBAL = "changes JVM-wide state shared with the platform and every other plugin";
    private static final String FILES = "file-system access: a plugin keeps no files, and the platform's data directory is off limits";
    private static final String SQL = "database access: plugins never talk to a database; the platform's data is reached only through"
        + " plugin-api";
    private static final String CLASSLOADER = "a classloader escape hatch: it leads from the plugin's isolated classloader back to the"
        + " platform's classes";
    private static final String REFLECTION = "reflection that reaches members by name or breaks encapsulation, evading this scan";
    private static final String NETWORK = "opens network connections itself, bypassing the platform's egress rules (use context.http());"
        + " the reviewer must check the destinations";

    private static final Set<String> CLASSLOADERS = Set.of("java/lang/ClassLoader", "java/net/URLClassLoader", "java/security/SecureClassLoader");
    private static final Set<String> REFLECTED = Set.of("java/lang/reflect/AccessibleObject", "java/lang/reflect/Method",
        "java/lang/reflect/Field", "java/lang/reflect/Constructor", "java/lang/reflect/Executable");

    static final List<Rule> RULES = List.of(
        prefix("io/opsbench/platform/", PLATFORM),
        prefix("io/opsbench/pluginhost/", PLATFORM),
        prefix("io/opsbench/marketplace/", PLATFORM),
        prefix("org/springframework/", "Spring is the platform's framework; " + PLATFORM),
        prefix("com/zaxxer/", "the platform's connection pool; " + PLATFORM),

        member("java/lang/Runtime", Set.of("exec"), PROCESS),
        type("java/lang/ProcessBuilder", PROCESS),
        type("java/lang/ProcessHandle", PROCESS),
        member("java/lang/System", Set.of("exit"), EXIT),
        member("java/lang/Runtime", Set.of("exit", "halt"), EXIT),
        type("sun/misc/Unsafe", UNSAFE),
        new Rule(Rule.Kind.TYPE, t -> t.startsWith("jdk/internal/"), Set.of(), null, false, false, UNSAFE + " (JDK internals)"),
        member("java/lang/System", Set.of("load", "loadLibrary"), NATIVE),
        member("java/lang/Runtime", Set.of("load", "loadLibrary"), NATIVE),
        new Rule(Rule.Kind.TYPE, t -> t.startsWith("java/lang/foreign/"), Set.of(), null, false, false, NATIVE),
        member("java/lang/System", Set.of("getenv", "getProperty", "getProperties"), ENVIRONMENT),
        member("java/lang/Integer", Set.of("getInteger"), ENVIRONMENT),
        member("java/lang/Long", Set.of("getLong"), ENVIRONMENT),
        member("java/lang/Boolean", Set.of("getBoolean"), ENVIRONMENT),
        member("java/lang/System", Set.of("setProperty", "setProperties", "clearProperty", "setIn", "setOut", "setErr"), GLOBAL),
        member("java/lang/Runtime", Set.of("addShutdownHook"), GLOBAL),
        member("java/lang/Thread", Set.of("setDefaultUncaughtExceptionHandler"), GLOBAL),

        types(Set.of("java/io/File", "java/io/FileInputStream", "java/io/FileOutputStream", "java/io/FileReader", "java/io/FileWriter",
            "java/io/RandomAccessFile", "java/io/FileDescriptor", "java/nio/file/Files", "java/nio/file/Paths", "java/nio/file/FileSystems",
            "java/nio/file/FileSystem", "java/nio/file/spi/FileSystemProvider", "java/nio/channels/FileChannel",
            "java/nio/channels/AsynchronousFileChannel", "java/util/zip/ZipFile", "java/util/jar/JarFile"), FILES),
        member("java/nio/file/Path", Set.of("of"), FILES),
        // The constructors that take a file name.
        new Rule(Rule.Kind.MEMBER, Set.of("java/io/PrintStream", "java/io/PrintWriter", "java/util/Formatter")::contains, Set.of("<init>"),
            "(Ljava/lang/String;", false, false, FILES),
        new Rule(Rule.Kind.TYPE, t -> t.startsWith("java/sql/") || t.startsWith("javax/sql/"), Set.of(), null, false, false, SQL),

        member("java/lang/Class", Set.of("forName", "getClassLoader"), CLASSLOADER),
        member("java/lang/Thread", Set.of("getContextClassLoader", "setContextClassLoader"), CLASSLOADER),
        new Rule(Rule.Kind.MEMBER, CLASSLOADERS::contains, Set.of("loadClass", "getSystemClassLoader", "getPlatformClassLoader", "getParent",
            "defineClass", "getSystemResource", "getSystemResourceAsStream"), null, false, false, CLASSLOADER),
        types(Set.of("java/net/URLClassLoader", "java/security/SecureClassLoader", "java/lang/invoke/MethodHandles$Lookup$ClassOption"),
            CLASSLOADER),
        new Rule(Rule.Kind.MEMBER, REFLECTED::contains, Set.of("setAccessible", "trySetAccessible"), null, false, false, REFLECTION),
        member("java/lang/invoke/MethodHandles", Set.of("privateLookupIn"), REFLECTION),
        member("java/lang/reflect/Method", Set.of("invoke"), REFLECTION),
        member("java/lang/invoke/MethodHandles$Lookup", Set.of("findStatic", "findVirtual", "findSpecial", "findConstructor", "findGetter",
            "findSetter", "findStaticGetter", "findStaticSetter", "findVarHandle", "findStaticVarHandle", "findClass", "defineClass",
            "defineHiddenClass"), REFLECTION),

        advisory(Set.of("java/net/Socket", "java/net/ServerSocket", "java/net/DatagramSocket", "java/net/MulticastSocket",
            "java/net/http/HttpClient", "java/net/HttpURLConnection", "java/nio/channels/SocketChannel",
            "java/nio/channels/ServerSocketChannel", "java/nio/channels/DatagramChannel", "java/nio/channels/AsynchronousSocketChannel",
            "javax/net/SocketFactory", "javax/net/ssl/SSLSocketFactory"), NETWORK),
        new Rule(Rule.Kind.MEMBER, "java/net/URL"::equals, Set.of("openConnection", "openStream"), null, false, true, NETWORK));

    private ScanRules() {
    }

    /** The first rule a reference breaks. */
    static Optional<Rule> match(Reference reference, boolean ownerBundled) {
        return RULES.stream().filter(r -> !(r.exemptIfBundled() && ownerBundled)).filter(r -> r.matches(reference)).findFirst();
    }

    private static Rule prefix(String prefix, String why) {
        // A plugin may bundle its own copy of, say, a Spring library: its references then resolve inside the bundle.
        return new Rule(Rule.Kind.TYPE, t -> t.startsWith(prefix), Set.of(), null, true, false, why);
    }

    private static Rule type(String type, String why) {
        return new Rule(Rule.Kind.TYPE, type::equals, Set.of(), null, false, false, why);
    }

    private static Rule types(Set<String> types, String why) {
        return new Rule(Rule.Kind.TYPE, types::contains, Set.of(), null, false, false, why);
    }

    private static Rule advisory(Set<String> types, String why) {
        return new Rule(Rule.Kind.TYPE, types::contains, Set.of(), null, false, true, why);
    }

    private static Rule member(String owner, Set<String> names, String why) {
        return new Rule(Rule.Kind.MEMBER, owner::equals, names, null, false, false, why);
    }
}
