package org.ptpmesh.transfer;

/** An object in memory, to send. */
public final class MemorySource implements BlockSource {

    private final byte[] data;

    public MemorySource(byte[] data) {
        this.data = data.clone();
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public void read(long position, byte[] into, int length) {
        System.arraycopy(data, (int) position, into, 0, length);
    }

    public byte[] sha256() {
        return Sha256.of(data);
    }
}
