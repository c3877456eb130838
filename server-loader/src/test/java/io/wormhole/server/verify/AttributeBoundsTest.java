package io.wormhole.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * An attribute whose length claims more bytes than the class file has is a bad class file, found before ASM
 * allocates what the length claims (which exhausted the backend's heap: an OutOfMemoryError, SQLSTATE 38000).
 */
class AttributeBoundsTest {
    private static final byte[] MARK = {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anAttributeLongerThanTheFileIsABadClassFile(boolean inCode) {
        byte[] bytes = Bundles.generated("com.acme.Gen", writer -> {
            if (!inCode) {
                writer.visitAttribute(new Junk(false));
            }
            MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
            mv.visitCode();
            mv.visitInsn(Opcodes.RETURN);
            if (inCode) {
                mv.visitAttribute(new Junk(true));
            }
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        });
        int content = indexOf(bytes, MARK);
        bytes[content - 4] = 0x7F;
        bytes[content - 3] = (byte) 0xFF;
        bytes[content - 2] = (byte) 0xFF;
        bytes[content - 1] = (byte) 0xF0;

        Verdict verdict = Verifier.withDefaults().verify(Map.of("com.acme.Gen", bytes));

        assertThat(verdict.isAccepted()).isFalse();
        assertThat(verdict.describe()).contains("class com.acme.Gen is not a valid class file")
                .contains("attribute Junk claims 2147483632 bytes");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalStateException("mark not found");
    }

    /** An attribute no JVM knows, holding the mark. */
    private static final class Junk extends Attribute {
        private final boolean inCode;

        Junk(boolean inCode) {
            super("Junk");
            this.inCode = inCode;
        }

        @Override
        public boolean isCodeAttribute() {
            return inCode;
        }

        @Override
        protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
            return new ByteVector().putByteArray(MARK, 0, MARK.length);
        }
    }
}
