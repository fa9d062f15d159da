package dev.tapdeck.samples.winrm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsPathsTest {
    private static final String CWD = "C:\\Users\\u";

    @Test
    void fullPathLikeGetFullPath() {
        assertEquals("C:\\temp\\small.txt", WindowsPaths.fullPath("C:\\\\temp\\\\small.txt", CWD));
        assertEquals("C:\\temp\\small.txt", WindowsPaths.fullPath("C:/temp/./x/../small.txt", CWD));
        assertEquals("C:\\Users\\u\\a.txt", WindowsPaths.fullPath("a.txt", CWD));
        assertEquals("C:\\b", WindowsPaths.fullPath("\\b", CWD));
        assertEquals("D:\\", WindowsPaths.fullPath("D:", CWD));
        assertEquals("C:\\dir\\name", WindowsPaths.fullPath("C:\\dir.\\name. ", CWD), "trailing dots and spaces go");
        assertEquals("C:\\", WindowsPaths.fullPath("C:\\..\\..", CWD));
        assertEquals("\\\\server\\share\\f", WindowsPaths.fullPath("\\\\server\\share\\\\f", CWD));
    }

    @Test
    void parent() {
        assertEquals("C:\\a", WindowsPaths.parent("C:\\a\\b"));
        assertEquals("C:\\", WindowsPaths.parent("C:\\a"));
    }

    @Test
    void fileStoreIgnoresCaseAndKeepsTheFirstName() {
        FileStore store = new FileStore(2, 4, 6);
        assertTrue(store.write("C:\\Dir\\File.txt", new byte[] {1}));
        assertTrue(store.append("c:\\dir\\file.TXT", new byte[] {2}));
        assertEquals(List.of("C:\\Dir\\File.txt"), List.copyOf(store.snapshot().keySet()));
        assertArrayEquals(new byte[] {1, 2}, store.read("c:/DIR/file.txt").orElseThrow());
        assertTrue(store.isDirectory("c:\\dir"));
        assertFalse(store.isDirectory("C:\\Di"));
    }

    @Test
    void fileStoreLimitsLeaveItUnchanged() {
        FileStore store = new FileStore(2, 4, 6);
        assertFalse(store.write("C:\\a", new byte[5]), "file over maxFileBytes");
        assertTrue(store.write("C:\\a", new byte[4]));
        assertFalse(store.append("C:\\a", new byte[1]), "append over maxFileBytes");
        assertTrue(store.write("C:\\b", new byte[2]));
        assertFalse(store.write("C:\\b", new byte[3]), "total over maxTotalBytes");
        assertFalse(store.write("C:\\c", new byte[0]), "more than maxFiles");
        assertTrue(store.delete("C:\\a"));
        assertTrue(store.write("C:\\c", new byte[4]));
        assertEquals(2, store.snapshot().size());
    }
}
