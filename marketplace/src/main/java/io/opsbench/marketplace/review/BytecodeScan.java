package io.opsbench.marketplace.review;

import io.opsbench.marketplace.review.ScanRules.Reference;
import io.opsbench.marketplace.review.ScanRules.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Check 7: reads every class of {@code classes/} and of each {@code lib/*.jar} with ASM and reports references
 * that break {@link ScanRules} and references into plugin-api that the running plugin-api lacks (they would
 * fail at run time with a {@code NoSuchMethodError} or {@code NoClassDefFoundError}).
 *
 * <p>Findings in the plugin's own classes are errors; findings in bundled jars are warnings for the reviewer,
 * naming jar, class and method, because third-party libraries routinely carry code paths a plugin never takes.
 */
final class BytecodeScan {

    static final String NAME = "bytecode_scan";
    static final int MAX_FINDINGS = 200;

    private BytecodeScan() {
    }

    static CheckResult run(SubmittedBundle bundle, String apiVersion) {
        List<Finding> findings = new ArrayList<>();
        int classes = 0;
        for (SubmittedBundle.ClassEntry entry : bundle.classes()) {
            if (entry.entryName().endsWith("module-info.class")) {
                continue;
            }
            classes++;
            scan(bundle, entry, apiVersion, findings);
        }
        long errors = findings.stream().filter(Finding::isError).count();
        long warnings = findings.size() - errors;
        Set<String> jarsWithWarnings = new TreeSet<>();
        findings.stream().filter(f -> !f.isError()).forEach(f -> jarsWithWarnings.add(f.location().substring(0, Math.max(0, f.location().indexOf('!')))));
        jarsWithWarnings.remove("");
        List<Finding> shown = findings;
        if (findings.size() > MAX_FINDINGS) {
            // Errors first: they decide the outcome and the vendor must see every one it can.
            List<Finding> ordered = new ArrayList<>(findings.stream().filter(Finding::isError).toList());
            ordered.addAll(findings.stream().filter(f -> !f.isError()).toList());
            shown = new ArrayList<>(ordered.subList(0, MAX_FINDINGS - 1));
            shown.add(new Finding(errors >= MAX_FINDINGS ? Finding.ERROR : Finding.WARNING, "bundle",
                (findings.size() - MAX_FINDINGS + 1) + " more finding(s) not listed"));
        }
        String scanned = classes + " class(es) scanned";
        String forReviewer = warnings + " warning(s) for the reviewer"
            + (jarsWithWarnings.isEmpty() ? "" : " (bundled libraries " + String.join(", ", jarsWithWarnings) + ")");
        return CheckResult.of(NAME, shown, "No forbidden or unresolvable reference: " + scanned + ".",
            "No forbidden reference in the plugin's own classes; " + forReviewer + " (" + scanned + ").",
            errors + " forbidden or unresolvable reference(s) in the plugin's own classes" + (warnings == 0 ? "" : ", and " + forReviewer)
                + " (" + scanned + ").");
    }

    private static void scan(SubmittedBundle bundle, SubmittedBundle.ClassEntry entry, String apiVersion, List<Finding> findings) {
        Map<String, Set<Reference>> references = new LinkedHashMap<>();
        try {
            new ClassReader(entry.bytes()).accept(new Collector(entry.classLocation(), references), ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        } catch (RuntimeException e) {
            // ASM signals malformed or too-new class files with assorted runtime exceptions.
            findings.add(finding(entry.own(), entry.location(), "not a class file this platform can read (" + e + ")"));
            return;
        }
        Set<String> reported = new LinkedHashSet<>();
        references.forEach((location, refs) -> {
            for (Reference reference : refs) {
                boolean ownerBundled = !PlatformTypes.isApi(reference.owner()) && bundle.find(reference.owner()).isPresent();
                Optional<Rule> rule = ScanRules.match(reference, ownerBundled);
                if (rule.isPresent()) {
                    String subject = rule.get().kind() == Rule.Kind.TYPE ? Reference.type(reference.owner()).toString() : reference.toString();
                    if (reported.add(location + "|" + subject)) {
                        Reference shown = rule.get().kind() == Rule.Kind.TYPE ? Reference.type(reference.owner()) : reference;
                        String message = describe(shown) + ": " + rule.get().why();
                        findings.add(rule.get().advisory() ? Finding.warning(location, message) : finding(entry.own(), location, message));
                    }
                }
                if (PlatformTypes.isApi(reference.owner())) {
                    ApiLinkage.missing(reference).ifPresent(missing -> {
                        if (reported.add(location + "|" + missing)) {
                            findings.add(finding(entry.own(), location, describe(missing) + ", which does not exist in the running plugin-api "
                                + apiVersion + ": it would fail at run time (" + (missing.kind() == Reference.Kind.TYPE
                                ? "NoClassDefFoundError" : missing.kind() == Reference.Kind.METHOD ? "NoSuchMethodError" : "NoSuchFieldError")
                                + "); build against the plugin-api version the manifest's platform range names"));
                        }
                    });
                }
            }
        });
    }

    private static Finding finding(boolean own, String location, String message) {
        return own ? Finding.error(location, message) : Finding.warning(location, message);
    }

    static String describe(Reference reference) {
        String owner = reference.owner().replace('/', '.');
        return switch (reference.kind()) {
            case TYPE -> "uses " + owner;
            case FIELD -> "uses field " + owner + "." + reference.name();
            case METHOD -> "calls " + owner + "." + reference.name() + parameters(reference.descriptor());
        };
    }

    static String parameters(String methodDescriptor) {
        List<String> names = new ArrayList<>();
        for (Type argument : Type.getArgumentTypes(methodDescriptor)) {
            String name = argument.getClassName();
            names.add(name.substring(name.lastIndexOf('.') + 1));
        }
        return "(" + String.join(", ", names) + ")";
    }

    /** Collects references per location: the class itself, each field and each method. */
    private static final class Collector extends ClassVisitor {

        private final String classLocation;
        private final Map<String, Set<Reference>> references;

        Collector(String classLocation, Map<String, Set<Reference>> references) {
            super(ClassHeader.ASM_API);
            this.classLocation = classLocation;
            this.references = references;
        }

        private Set<Reference> at(String location) {
            return references.computeIfAbsent(location, l -> new LinkedHashSet<>());
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            Set<Reference> refs = at(classLocation);
            if (superName != null) {
                addInternalName(refs, superName);
            }
            if (interfaces != null) {
                for (String type : interfaces) {
                    addInternalName(refs, type);
                }
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            addType(at(classLocation + "#" + name), Type.getType(descriptor));
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            Set<Reference> refs = at(classLocation + "#" + name + parameters(descriptor));
            addDescriptor(refs, descriptor);
            if (exceptions != null) {
                for (String type : exceptions) {
                    addInternalName(refs, type);
                }
            }
            return new MethodVisitor(ClassHeader.ASM_API) {
                @Override
                public void visitTypeInsn(int opcode, String type) {
                    addInternalName(refs, type);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                    addMember(refs, Reference.Kind.FIELD, owner, name, descriptor);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                    addMember(refs, Reference.Kind.METHOD, owner, name, descriptor);
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                    addDescriptor(refs, descriptor);
                    addHandle(refs, bootstrap);
                    addConstants(refs, arguments);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    addConstants(refs, value);
                }

                @Override
                public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                    addType(refs, Type.getType(descriptor));
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    if (type != null) {
                        addInternalName(refs, type);
                    }
                }
            };
        }

        private static void addMember(Set<Reference> refs, Reference.Kind kind, String owner, String name, String descriptor) {
            if (owner.startsWith("[")) {
                // Methods of arrays (clone) are the JVM's own.
                addType(refs, Type.getType(owner));
                return;
            }
            refs.add(new Reference(kind, owner, name, descriptor));
            if (kind == Reference.Kind.METHOD) {
                addDescriptor(refs, descriptor);
            } else {
                addType(refs, Type.getType(descriptor));
            }
        }

        private static void addHandle(Set<Reference> refs, Handle handle) {
            boolean field = handle.getTag() <= Opcodes.H_PUTSTATIC;
            addMember(refs, field ? Reference.Kind.FIELD : Reference.Kind.METHOD, handle.getOwner(), handle.getName(), handle.getDesc());
        }

        private static void addConstants(Set<Reference> refs, Object... values) {
            for (Object value : values) {
                if (value instanceof Type type) {
                    if (type.getSort() == Type.METHOD) {
                        addDescriptor(refs, type.getDescriptor());
                    } else {
                        addType(refs, type);
                    }
                } else if (value instanceof Handle handle) {
                    addHandle(refs, handle);
                } else if (value instanceof ConstantDynamic constant) {
                    addType(refs, Type.getType(constant.getDescriptor()));
                    addHandle(refs, constant.getBootstrapMethod());
                    for (int i = 0; i < constant.getBootstrapMethodArgumentCount(); i++) {
                        addConstants(refs, constant.getBootstrapMethodArgument(i));
                    }
                }
            }
        }

        private static void addDescriptor(Set<Reference> refs, String methodDescriptor) {
            for (Type argument : Type.getArgumentTypes(methodDescriptor)) {
                addType(refs, argument);
            }
            addType(refs, Type.getReturnType(methodDescriptor));
        }

        private static void addInternalName(Set<Reference> refs, String internalName) {
            if (internalName.startsWith("[")) {
                addType(refs, Type.getType(internalName));
            } else {
                refs.add(Reference.type(internalName));
            }
        }

        private static void addType(Set<Reference> refs, Type type) {
            Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (element.getSort() == Type.OBJECT) {
                refs.add(Reference.type(element.getInternalName()));
            }
        }
    }
}
