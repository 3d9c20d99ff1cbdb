package io.opsbench.marketplace.review;

import java.util.List;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the checks need to know about a class without loading it: its access flags, supertypes and whether it
 * has a public no-argument constructor.
 */
record ClassHeader(int access, String name, String superName, List<String> interfaces, boolean publicNoArgConstructor) {

    static final int ASM_API = Opcodes.ASM9;

    /**
     * Reads a class file's header.
     *
     * @return the header, or empty when the bytes are not a class file ASM can read
     */
    static Optional<ClassHeader> read(byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            boolean[] noArg = {false};
            reader.accept(new ClassVisitor(ASM_API) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    if (name.equals("<init>") && descriptor.equals("()V") && (access & Opcodes.ACC_PUBLIC) != 0) {
                        noArg[0] = true;
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return Optional.of(new ClassHeader(reader.getAccess(), reader.getClassName(), reader.getSuperName(),
                List.of(reader.getInterfaces()), noArg[0]));
        } catch (RuntimeException e) {
            // ASM signals malformed or too-new class files with assorted runtime exceptions.
            return Optional.empty();
        }
    }

    boolean isPublic() {
        return (access & Opcodes.ACC_PUBLIC) != 0;
    }

    boolean isConcreteClass() {
        return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION | Opcodes.ACC_ENUM)) == 0;
    }
}
