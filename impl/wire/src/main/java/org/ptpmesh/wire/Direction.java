package org.ptpmesh.wire;

/** Who may send a TLV type, fixed by the range its number lies in (ptptest 2014's ranges). */
public enum Direction {
    COMMON(0, 31, "any"),
    CLIENT_TO_SERVER(32, 63, "client->server"),
    SERVER_TO_CLIENT(64, 95, "server->client"),
    CLIENT_TO_CLIENT(96, 255, "client<->client");

    private final int first;
    private final int last;
    private final String label;

    Direction(int first, int last, String label) {
        this.first = first;
        this.last = last;
        this.label = label;
    }

    public static Direction of(int type) {
        for (Direction d : values()) {
            if (type >= d.first && type <= d.last) {
                return d;
            }
        }
        throw new IllegalArgumentException("TLV type out of range 0-255: " + type);
    }

    public String label() {
        return label;
    }
}
