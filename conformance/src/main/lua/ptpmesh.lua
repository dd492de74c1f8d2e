-- Wireshark dissector for ptpmesh (docs/protocol.md), version 1.
--
-- Load it with `tshark -X lua_script:ptpmesh.lua ...` or copy it, with ptpmesh_aesgcm.lua beside it
-- (the AES-256-GCM it opens sealed datagrams with), to ~/.local/lib/wireshark/plugins/.
-- It decodes UDP ports 23456 (server and introducer), 3456 and 3457 (the introducer design's
-- LOCAL_PORT and TEST_PORT), and, as a heuristic, any UDP datagram that starts with version 1 and
-- carries a correct checksum (clients probe each other from ephemeral ports).
--
-- It applies the reference decoder's checks in the same order (size, version, checksum, then
-- the TLVs front to back: header, length, value against the registry) and reports the first
-- problem in ptpmesh.error with the same code and offset. JSON (META) values are parsed; BSON
-- (METAB) values are checked for their length and length prefix only. A well-formed datagram is
-- then checked against its kind's rules (docs/protocol.md sections 5 and 7, the receiver rules
-- of ReceiverRules): each rule broken is one ptpmesh.violation, in the Java checker's order.
-- A SEALED datagram (docs/protocol.md 6.9) whose UUID and PEERSESSION have a line in the key log
-- (the preference "Key log file", else the file PTPMESH_KEYLOG names) is opened as
-- `ptpconform pcap --keylog` opens it, and the inner datagram is dissected from a "Decrypted
-- ptpmesh" tab like any other, so its kind and TLVs are ptpmesh fields too; ptpmesh.sealed says
-- what became of the sealed bytes ("opened", "no key", "tag mismatch", "key log refused").
-- conformance/src/test/.../DissectorTest runs it over every capture in pcap-fixtures/ and
-- compares its fields with the Java decoder; DissectorRegistryTest keeps the tables below equal
-- to the Java registry and message kinds.

local ptpmesh = Proto("ptpmesh", "ptpmesh peer-to-peer UDP protocol")

-- Lua in Wireshark has no cipher: AES-256-GCM in plain Lua, from the file beside this one.
local aesgcm = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "ptpmesh_aesgcm.lua")

ptpmesh.prefs.keylog = Pref.string("Key log file", "",
    "A ptpmesh key log (PTPMESH_SEAL lines, docs/protocol.md 6.9) to open SEALED datagrams with; "
        .. "when empty, the file the environment variable PTPMESH_KEYLOG names, if any")

local MAX_SIZE = 1400
local PORTS = {23456, 3456, 3457}

-- The TLV type registry (docs/protocol.md section 4).
local TYPES = {
    [0] = {name = "PROTOVER", kind = "uint"},
    [1] = {name = "SERVERVER", kind = "uint"},
    [2] = {name = "CLIENTVER", kind = "uint"},
    [3] = {name = "SEQUENCE", kind = "uint"},
    [4] = {name = "UUID", kind = "bytes", min = 16, max = 16},
    [5] = {name = "MSGKIND", kind = "uint"},
    [6] = {name = "NAT", kind = "uint"},
    [7] = {name = "RESTART", kind = "uint"},
    [8] = {name = "MYTS", kind = "uint"},
    [9] = {name = "YOURTS", kind = "uint"},
    [10] = {name = "TARGET", kind = "bytes", min = 16, max = 16},
    [11] = {name = "ERRCODE", kind = "uint"},
    [12] = {name = "ERRTEXT", kind = "text", min = 0, max = 253},
    [13] = {name = "PAYLOAD", kind = "bytes", min = 0, max = 253},
    [14] = {name = "ATTEMPT", kind = "uint"},
    [15] = {name = "CLOCKOFFSET", kind = "int"},
    [16] = {name = "NOISE", kind = "bytes", min = 0, max = 253},
    [17] = {name = "SEALED", kind = "bytes", min = 0, max = 253},
    [18] = {name = "COUNTER", kind = "uint"},
    [19] = {name = "SESSION", kind = "uint"},
    [20] = {name = "PEERSESSION", kind = "uint"},
    [21] = {name = "PADDING", kind = "bytes", min = 0, max = 253},
    [22] = {name = "PATTERN", kind = "uint"},
    [32] = {name = "PTPADDR", kind = "address"},
    [33] = {name = "INTADDR", kind = "address"},
    [34] = {name = "UPNP", kind = "uint"},
    [35] = {name = "META", kind = "json", min = 2, max = 253},
    [36] = {name = "METAB", kind = "bson", min = 5, max = 253},
    [37] = {name = "TESTPORT", kind = "uint"},
    [38] = {name = "MAPPEDADDR", kind = "address"},
    [45] = {name = "SHUTDOWN", kind = "uint"},
    [64] = {name = "CLIENTLIST_EXT", kind = "address"},
    [65] = {name = "CLIENTLEN", kind = "uint"},
    [66] = {name = "YOURADDR", kind = "address"},
    [67] = {name = "CLIENTLIST_INT", kind = "address"},
    [68] = {name = "LISTID", kind = "uint"},
    [69] = {name = "PAGE", kind = "uint"},
    [70] = {name = "PAGECOUNT", kind = "uint"},
    [71] = {name = "CLIENTLIST_ID", kind = "bytes", min = 16, max = 16},
    [72] = {name = "CLIENTLIST_NAT", kind = "uint"},
    [73] = {name = "PEERADDR", kind = "address"},
    [74] = {name = "PEERLANADDR", kind = "address"},
    [75] = {name = "PEERNAT", kind = "uint"},
    [76] = {name = "FROMID", kind = "bytes", min = 16, max = 16},
    [77] = {name = "PEERKEY", kind = "bytes", min = 32, max = 32},
    [78] = {name = "CLIENTLIST_KEYED", kind = "uint"},
    [96] = {name = "CC", kind = "bytes", min = 0, max = 253},
    [97] = {name = "PROBENUM", kind = "uint"},
    [98] = {name = "APPSEQ", kind = "uint"},
    [99] = {name = "XFERID", kind = "uint"},
    [100] = {name = "OBJNAME", kind = "text", min = 1, max = 253},
    [101] = {name = "OBJSIZE", kind = "uint"},
    [102] = {name = "BLOCKSIZE", kind = "uint"},
    [103] = {name = "SHA256", kind = "bytes", min = 32, max = 32},
    [104] = {name = "BLOCKNUM", kind = "uint"},
    [105] = {name = "XFERMODE", kind = "uint"},
    [106] = {name = "XFERSTATUS", kind = "uint"},
    [107] = {name = "ACKSEQ", kind = "uint"},
    [108] = {name = "XFERCOOKIE", kind = "bytes", min = 16, max = 16},
    [109] = {name = "HASHROOT", kind = "bytes", min = 32, max = 32},
    [110] = {name = "HASHNODE", kind = "uint"},
}

-- MSGKIND codes (docs/protocol.md section 5).
local KINDS = {
    [1] = "REGISTER",
    [2] = "LIST",
    [3] = "ECHO",
    [4] = "PROBE",
    [5] = "SHUTDOWN",
    [16] = "PING",
    [17] = "PONG",
    [18] = "TEST",
    [19] = "INTRO_REQUEST",
    [20] = "INTRO",
    [21] = "INTRO_ERROR",
    [22] = "PUNCH",
    [23] = "PUNCH_ACK",
    [24] = "KEEPALIVE",
    [25] = "KEEPALIVE_ACK",
    [26] = "RELAY",
    [27] = "RELAYED",
    [28] = "RELAY_ERROR",
    [32] = "DATA",
    [33] = "DATA_ACK",
    [40] = "OFFER",
    [41] = "FETCH",
    [42] = "REQUEST",
    [43] = "BLOCK",
    [44] = "DONE",
    [45] = "CANCEL",
    [46] = "HASHES",
    [47] = "RETRY",
    [48] = "HANDSHAKE_INIT",
    [49] = "HANDSHAKE_RESP",
    [50] = "HANDSHAKE_FINISH",
    [51] = "SEALED",
}

-- The TLV types each kind requires, allows and allows more than once (docs/protocol.md section 5).
local RULES = {
    REGISTER = {required = {2, 3, 4, 8, 32}, optional = {5, 6, 7, 33, 34, 35, 36, 37, 38}, repeatable = {}},
    LIST = {required = {1, 3, 4, 8, 65, 66}, optional = {5, 64, 67, 68, 69, 70, 71, 72, 78}, repeatable = {64, 67, 71, 72, 78}},
    ECHO = {required = {3, 4, 9}, optional = {1, 2, 5, 8, 15, 66}, repeatable = {}},
    PROBE = {required = {2, 3, 4, 8}, optional = {5}, repeatable = {}},
    SHUTDOWN = {required = {4, 45}, optional = {2, 3, 5, 32, 35, 36}, repeatable = {}},
    PING = {required = {4, 5, 6}, optional = {3, 7, 8, 9, 32, 34, 37, 38}, repeatable = {}},
    PONG = {required = {4, 5, 6, 66}, optional = {3, 7, 8, 9, 15}, repeatable = {}},
    TEST = {required = {4, 5, 66}, optional = {6}, repeatable = {}},
    INTRO_REQUEST = {required = {4, 5, 10}, optional = {3, 6}, repeatable = {}},
    INTRO = {required = {4, 5, 10, 14, 73, 75}, optional = {7, 74, 77}, repeatable = {}},
    INTRO_ERROR = {required = {4, 5, 10, 11}, optional = {12}, repeatable = {}},
    PUNCH = {required = {4, 5, 14}, optional = {10, 97}, repeatable = {}},
    PUNCH_ACK = {required = {4, 5, 14}, optional = {66, 97}, repeatable = {}},
    KEEPALIVE = {required = {4, 5}, optional = {3, 8}, repeatable = {}},
    KEEPALIVE_ACK = {required = {4, 5}, optional = {3, 9}, repeatable = {}},
    RELAY = {required = {4, 5, 10, 13}, optional = {}, repeatable = {13}},
    RELAYED = {required = {4, 5, 13, 76}, optional = {}, repeatable = {13}},
    RELAY_ERROR = {required = {4, 5, 10, 11}, optional = {12}, repeatable = {}},
    DATA = {required = {4, 5, 98}, optional = {13}, repeatable = {13}},
    DATA_ACK = {required = {4, 5, 107}, optional = {}, repeatable = {}},
    OFFER = {required = {4, 5, 99, 100, 101, 102, 103, 105, 108, 109}, optional = {}, repeatable = {}},
    FETCH = {required = {4, 5, 99, 100, 108}, optional = {}, repeatable = {}},
    REQUEST = {required = {4, 5, 99}, optional = {104, 110}, repeatable = {104, 110}},
    BLOCK = {required = {4, 5, 99, 104}, optional = {13}, repeatable = {13}},
    DONE = {required = {4, 5, 99, 106}, optional = {}, repeatable = {}},
    CANCEL = {required = {4, 5, 11, 99}, optional = {12}, repeatable = {}},
    HASHES = {required = {4, 5, 99, 110}, optional = {13}, repeatable = {13}},
    RETRY = {required = {4, 5, 99, 108}, optional = {}, repeatable = {}},
    HANDSHAKE_INIT = {required = {4, 5, 16, 19, 22}, optional = {14, 21}, repeatable = {16, 21}},
    HANDSHAKE_RESP = {required = {4, 5, 16, 19, 20}, optional = {}, repeatable = {16}},
    HANDSHAKE_FINISH = {required = {4, 5, 16, 20}, optional = {}, repeatable = {16}},
    SEALED = {required = {4, 5, 17, 18, 20}, optional = {}, repeatable = {17}},
}

local KIND_CODES = {}
for code, name in pairs(KINDS) do
    KIND_CODES[name] = code
end

local MSGKIND, SHUTDOWN, CLIENTVER, SERVERVER = 5, 45, 2, 1
local PTPADDR, YOURTS, MYTS, CLIENTLEN = 32, 9, 8, 65
local UUID, CLIENTLIST_EXT, CLIENTLIST_INT, CLIENTLIST_ID, CLIENTLIST_NAT = 4, 64, 67, 71, 72
local LISTID, PAGE, PAGECOUNT, CLIENTLIST_KEYED = 68, 69, 70, 78
local NOISE, SEALED, COUNTER, PEERSESSION, PATTERN = 16, 17, 18, 20, 22
-- NOISE lengths of Noise_{IK,XX}_25519_AESGCM_SHA256 with empty payloads (docs/protocol.md 6.9)
local NOISE_LENGTHS = {
    HANDSHAKE_INIT = {[0] = {32}, [1] = {96}},
    HANDSHAKE_RESP = {48, 96},
    HANDSHAKE_FINISH = {64},
}
-- the fewest sealed bytes: a 16-byte tag and the smallest datagram (3 bytes)
local MIN_SEALED = 19
-- the ptptest 2014 kinds, whose MSGKIND codes are 1 to 5: UUID must come before MYTS in them
local LAST_PTPTEST_KIND = 5

local F = {
    version = ProtoField.uint8("ptpmesh.version", "Version"),
    checksum = ProtoField.uint16("ptpmesh.checksum", "Checksum", base.HEX),
    checksum_status = ProtoField.string("ptpmesh.checksum.status", "Checksum status"),
    checksum_computed = ProtoField.uint16("ptpmesh.checksum.computed", "Computed checksum", base.HEX),
    kind = ProtoField.string("ptpmesh.kind", "Message kind"),
    error = ProtoField.string("ptpmesh.error", "Decode error"),
    error_offset = ProtoField.uint16("ptpmesh.error.offset", "Decode error offset"),
    unknown = ProtoField.uint16("ptpmesh.unknown_tlvs", "Unknown TLVs skipped"),
    tlv = ProtoField.none("ptpmesh.tlv", "TLV"),
    tlv_type = ProtoField.uint8("ptpmesh.tlv.type", "Type"),
    tlv_name = ProtoField.string("ptpmesh.tlv.name", "Name"),
    tlv_length = ProtoField.uint8("ptpmesh.tlv.length", "Length (header included)"),
    tlv_value = ProtoField.bytes("ptpmesh.tlv.value", "Value"),
    tlv_uint = ProtoField.uint64("ptpmesh.tlv.uint", "Unsigned value"),
    tlv_int = ProtoField.int64("ptpmesh.tlv.int", "Signed value"),
    tlv_ipv4 = ProtoField.ipv4("ptpmesh.tlv.ipv4", "IPv4 address"),
    tlv_ipv6 = ProtoField.ipv6("ptpmesh.tlv.ipv6", "IPv6 address"),
    tlv_port = ProtoField.uint16("ptpmesh.tlv.port", "Port"),
    tlv_text = ProtoField.string("ptpmesh.tlv.text", "Text"),
    violation = ProtoField.string("ptpmesh.violation", "Rule violation"),
    sealed = ProtoField.string("ptpmesh.sealed", "Sealed payload"),
}
ptpmesh.fields = {}
for _, field in pairs(F) do
    table.insert(ptpmesh.fields, field)
end

local E_MALFORMED = ProtoExpert.new("ptpmesh.malformed", "Malformed ptpmesh datagram", expert.group.MALFORMED, expert.severity.ERROR)
local E_CHECKSUM = ProtoExpert.new("ptpmesh.bad_checksum", "Bad ptpmesh checksum", expert.group.CHECKSUM, expert.severity.ERROR)
local E_VIOLATION = ProtoExpert.new("ptpmesh.rule_violation", "ptpmesh message rule broken", expert.group.PROTOCOL, expert.severity.WARN)
local E_NO_KEY = ProtoExpert.new("ptpmesh.sealed.no_key", "sealed, no key", expert.group.DECRYPTION, expert.severity.NOTE)
local E_TAG_MISMATCH = ProtoExpert.new("ptpmesh.sealed.tag_mismatch", "tag mismatch", expert.group.DECRYPTION, expert.severity.WARN)
local E_KEYLOG = ProtoExpert.new("ptpmesh.sealed.keylog_refused", "key log refused", expert.group.DECRYPTION, expert.severity.ERROR)
ptpmesh.experts = {E_MALFORMED, E_CHECKSUM, E_VIOLATION, E_NO_KEY, E_TAG_MISMATCH, E_KEYLOG}

-- RFC 1071 over the first n bytes: big-endian words, an odd last byte padded with zero, complemented.
local function checksum(tvb, n)
    local sum = 0
    local i = 0
    while i + 1 < n do
        sum = sum + tvb(i, 2):uint()
        i = i + 2
    end
    if i < n then
        sum = sum + tvb(i, 1):uint() * 256
    end
    while sum > 0xFFFF do
        sum = (sum % 0x10000) + math.floor(sum / 0x10000)
    end
    return 0xFFFF - sum
end

-- Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
local function valid_utf8(s)
    local i, n = 1, #s
    while i <= n do
        local c = s:byte(i)
        local len, min
        if c < 0x80 then len, min = 1, 0
        elseif c >= 0xC2 and c <= 0xDF then len, min = 2, 0x80
        elseif c >= 0xE0 and c <= 0xEF then len, min = 3, 0x800
        elseif c >= 0xF0 and c <= 0xF4 then len, min = 4, 0x10000
        else return false end
        if i + len - 1 > n then return false end
        local cp = (len == 1) and c or (c % (2 ^ (7 - len)))
        for k = 1, len - 1 do
            local b = s:byte(i + k)
            if b < 0x80 or b > 0xBF then return false end
            cp = cp * 64 + (b - 0x80)
        end
        if cp < min or cp > 0x10FFFF or (cp >= 0xD800 and cp <= 0xDFFF) then return false end
        i = i + len
    end
    return true
end

-- Exactly one JSON value (RFC 8259), as the reference decoder's parser accepts it: strict
-- numbers, no comments, no trailing text but whitespace.
local function valid_json(s)
    if not valid_utf8(s) then return false end
    local pos, n = 1, #s
    local function ch() return s:sub(pos, pos) end
    local function ws()
        while pos <= n do
            local c = s:byte(pos)
            if c ~= 32 and c ~= 9 and c ~= 10 and c ~= 13 then break end
            pos = pos + 1
        end
    end
    local function digits()
        if not ch():match("%d") then return false end
        while ch():match("%d") do pos = pos + 1 end
        return true
    end
    local function number()
        if ch() == "-" then pos = pos + 1 end
        if ch() == "0" then
            pos = pos + 1
        elseif not digits() then
            return false
        end
        if ch() == "." then
            pos = pos + 1
            if not digits() then return false end
        end
        if ch() == "e" or ch() == "E" then
            pos = pos + 1
            if ch() == "+" or ch() == "-" then pos = pos + 1 end
            if not digits() then return false end
        end
        return true
    end
    local function str()
        pos = pos + 1
        while pos <= n do
            local c = s:byte(pos)
            if c == 34 then pos = pos + 1; return true end
            if c < 32 then return false end
            if c == 92 then
                local e = s:sub(pos + 1, pos + 1)
                if e == "u" then
                    if not s:sub(pos + 2, pos + 5):match("^%x%x%x%x$") then return false end
                    pos = pos + 6
                elseif e ~= "" and ('"\\/bfnrt'):find(e, 1, true) then
                    pos = pos + 2
                else
                    return false
                end
            else
                pos = pos + 1
            end
        end
        return false
    end
    local value
    local function members(close, item)
        pos = pos + 1
        ws()
        if ch() == close then pos = pos + 1; return true end
        while true do
            if not item() then return false end
            ws()
            if ch() == close then pos = pos + 1; return true end
            if ch() ~= "," then return false end
            pos = pos + 1
            ws()
        end
    end
    local function pair()
        if ch() ~= '"' or not str() then return false end
        ws()
        if ch() ~= ":" then return false end
        pos = pos + 1
        ws()
        return value()
    end
    value = function()
        local c = ch()
        if c == "{" then return members("}", pair) end
        if c == "[" then return members("]", function() return value() end) end
        if c == '"' then return str() end
        for _, word in ipairs({"true", "false", "null"}) do
            if s:sub(pos, pos + #word - 1) == word then pos = pos + #word; return true end
        end
        return number()
    end
    ws()
    if not value() then return false end
    ws()
    return pos > n
end

-- The value of a registered type checked against the registry; returns an error code or nil.
local function value_error(t, tvb, off, len)
    if t.kind == "uint" or t.kind == "int" then
        if len ~= 1 and len ~= 2 and len ~= 4 and len ~= 8 then return "bad_int_width" end
        return nil
    end
    if t.kind == "address" then
        if len ~= 6 and len ~= 18 then return "bad_address_length" end
        return nil
    end
    if len < t.min or len > t.max then return "bad_length" end
    if t.kind == "text" and len > 0 and not valid_utf8(tvb(off, len):raw()) then return "invalid_text" end
    if t.kind == "json" and not valid_json(tvb(off, len):raw()) then return "invalid_json" end
    if t.kind == "bson" and tvb(off, 4):le_uint() ~= len then return "invalid_bson" end
    return nil
end

local function add_value(sub, t, range, vlen)
    if t.kind == "uint" then
        sub:add(F.tlv_uint, range, range:uint64())
    elseif t.kind == "int" then
        sub:add(F.tlv_int, range, range:int64())
    elseif t.kind == "address" then
        local alen = vlen - 2
        sub:add(alen == 4 and F.tlv_ipv4 or F.tlv_ipv6, range(0, alen))
        sub:add(F.tlv_port, range(alen, 2))
    elseif t.kind == "text" or t.kind == "json" then
        if vlen > 0 then sub:add(F.tlv_text, range, range:string(ENC_UTF_8)) end
    end
end

-- The kind of a well-formed datagram: its MSGKIND, or ptptest 2014's inference (docs/protocol.md 5).
local function message_kind(first)
    if first[MSGKIND] ~= nil then
        return KINDS[first[MSGKIND]]
    end
    local has = function(t) return first[t] ~= nil end
    if has(SHUTDOWN) then return "SHUTDOWN" end
    if has(CLIENTVER) then
        if has(PTPADDR) then return "REGISTER" end
        if has(YOURTS) then return "ECHO" end
        if has(MYTS) then return "PROBE" end
        return nil
    end
    if has(SERVERVER) then
        if has(CLIENTLEN) then return "LIST" end
        if has(YOURTS) then return "ECHO" end
    end
    return nil
end

local function member(list, t)
    for _, x in ipairs(list) do
        if x == t then return true end
    end
    return false
end

-- The client-list rules of a LIST: CLIENTLEN equal to the entries, the three paging TLVs
-- together, PAGE below PAGECOUNT, no entry field before the first CLIENTLIST_EXT.
local function list_violations(tvb, tlvs, found)
    local value, entries, ext_seen = {}, 0, false
    local orphans = {}
    for _, tlv in ipairs(tlvs) do
        if tlv.typ == CLIENTLIST_EXT then
            entries = entries + 1
            ext_seen = true
        elseif not ext_seen and (tlv.typ == CLIENTLIST_INT or tlv.typ == CLIENTLIST_ID or tlv.typ == CLIENTLIST_NAT
                or tlv.typ == CLIENTLIST_KEYED) then
            table.insert(orphans, "orphan_entry_field")
        end
        if value[tlv.typ] == nil and (tlv.typ == CLIENTLEN or tlv.typ == PAGE or tlv.typ == PAGECOUNT or tlv.typ == LISTID) then
            value[tlv.typ] = tvb(tlv.pos + 2, tlv.len - 2):uint64()
        end
    end
    if value[CLIENTLEN] ~= nil and value[CLIENTLEN] ~= UInt64.new(entries) then
        table.insert(found, "clientlen_mismatch")
    end
    local paging = (value[LISTID] and 1 or 0) + (value[PAGE] and 1 or 0) + (value[PAGECOUNT] and 1 or 0)
    if paging ~= 0 and paging ~= 3 then
        table.insert(found, "paging_incomplete")
    end
    if value[PAGE] ~= nil and value[PAGECOUNT] ~= nil
            and (value[PAGECOUNT] < UInt64.new(1) or not (value[PAGE] < value[PAGECOUNT])) then
        table.insert(found, "page_out_of_range")
    end
    for _, o in ipairs(orphans) do
        table.insert(found, o)
    end
end

-- The total value length of every TLV of type t: the fragments of NOISE or SEALED concatenated.
local function concatenated_length(tlvs, t)
    local n = 0
    for _, tlv in ipairs(tlvs) do
        if tlv.typ == t then n = n + tlv.len - 2 end
    end
    return n
end

-- The rules of the handshake and SEALED kinds (KeyedMessageRules): a known PATTERN, a NOISE
-- length a Noise message of the kind and pattern can have, sealed bytes that can hold a tag and
-- a datagram, and a COUNTER below 2^64-1. A missing TLV is reported as missing only.
local function keyed_violations(tvb, tlvs, kind, at, found)
    if kind == "SEALED" then
        if at[SEALED] ~= nil and concatenated_length(tlvs, SEALED) < MIN_SEALED then
            table.insert(found, "sealed_too_short")
        end
        local c = tlvs[at[COUNTER] or 0]
        if c ~= nil and c.len == 10 and tvb(c.pos + 2, 4):uint() == 0xFFFFFFFF and tvb(c.pos + 6, 4):uint() == 0xFFFFFFFF then
            table.insert(found, "reserved_counter")
        end
        return
    end
    local lengths = NOISE_LENGTHS[kind]
    if lengths == nil then return end
    if kind == "HANDSHAKE_INIT" then
        local p = tlvs[at[PATTERN] or 0]
        if p == nil then return end
        local value = tvb(p.pos + 2, p.len - 2):uint64()
        if value == UInt64.new(0) then
            lengths = lengths[0]
        elseif value == UInt64.new(1) then
            lengths = lengths[1]
        else
            table.insert(found, "unknown_pattern")
            return
        end
    end
    if at[NOISE] ~= nil and not member(lengths, concatenated_length(tlvs, NOISE)) then
        table.insert(found, "noise_length")
    end
end

-- The rules a well-formed datagram of this kind breaks, as ReceiverRules lists them: the kind,
-- missing TLVs, forbidden and repeated ones front to back, MYTS before UUID in a ptptest kind,
-- the rules of the handshake and SEALED kinds, then the list rules.
local function violations(tvb, tlvs, kind, code)
    if kind == nil then return {"unknown_message"} end
    local rule = RULES[kind]
    local found, seen, at = {}, {}, {}
    for i, tlv in ipairs(tlvs) do
        seen[tlv.typ] = (seen[tlv.typ] or 0) + 1
        if at[tlv.typ] == nil then at[tlv.typ] = i end
    end
    for _, t in ipairs(rule.required) do
        if seen[t] == nil then table.insert(found, "missing_tlv") end
    end
    local count = {}
    for _, tlv in ipairs(tlvs) do
        local t = tlv.typ
        count[t] = (count[t] or 0) + 1
        if TYPES[t] ~= nil then
            if not member(rule.required, t) and not member(rule.optional, t) then
                if count[t] == 1 then table.insert(found, "forbidden_tlv") end
            elseif not member(rule.repeatable, t) and count[t] == 2 then
                table.insert(found, "repeated_tlv")
            end
        end
    end
    if code <= LAST_PTPTEST_KIND and at[MYTS] ~= nil and at[UUID] ~= nil and at[MYTS] < at[UUID] then
        table.insert(found, "myts_before_uuid")
    end
    keyed_violations(tvb, tlvs, kind, at, found)
    if kind == "LIST" then list_violations(tvb, tlvs, found) end
    return found
end

-- Checks a datagram as the reference decoder does, first problem first. Returns the TLVs
-- ({pos, typ, len}) of a well-formed datagram, or nil, the error code and its offset.
local function scan(tvb)
    local n = tvb:len()
    if n > MAX_SIZE then return nil, "oversize", MAX_SIZE end
    if n < 3 then return nil, "too_short", n end
    if tvb(0, 1):uint() ~= 1 then return nil, "unsupported_version", 0 end
    local body = n - 2
    if tvb(body, 2):uint() ~= checksum(tvb, body) then return nil, "bad_checksum", body end
    local tlvs = {}
    local pos = 1
    while pos < body do
        if body - pos < 2 then return nil, "truncated_tlv_header", pos end
        local typ = tvb(pos, 1):uint()
        local len = tvb(pos + 1, 1):uint()
        if len < 2 then return nil, "length_below_header", pos end
        if pos + len > body then return nil, "tlv_overrun", pos end
        local t = TYPES[typ]
        if t ~= nil then
            local err = value_error(t, tvb, pos + 2, len - 2)
            if err ~= nil then return nil, err, pos end
        end
        table.insert(tlvs, {pos = pos, typ = typ, len = len})
        pos = pos + len
    end
    return tlvs
end

local function add_tlv(tree, tvb, tlv)
    local t = TYPES[tlv.typ]
    local name = t and t.name or ("UNKNOWN_" .. tlv.typ)
    local sub = tree:add(F.tlv, tvb(tlv.pos, tlv.len)):set_text(name .. " (" .. tlv.typ .. "), length " .. tlv.len)
    sub:add(F.tlv_type, tvb(tlv.pos, 1))
    sub:add(F.tlv_name, name)
    sub:add(F.tlv_length, tvb(tlv.pos + 1, 1))
    local range = tvb(tlv.pos + 2, tlv.len - 2)
    sub:add(F.tlv_value, range)
    if t ~= nil and tlv.len > 2 then
        add_value(sub, t, range, tlv.len - 2)
    end
end

-- The key log (docs/protocol.md 6.9): `PTPMESH_SEAL <sender id> <addressee's PEERSESSION> <key>`
-- lines, blank lines and # comments, read as ptpconform's SealKeys reads it: a line that is not a
-- key, or a second key for one session, refuses the whole log (never half read). It is read
-- again when its name or size changes, as nodes append to it during a live capture.
local KEYLOG_VARIABLE = "PTPMESH_KEYLOG"
local KEYLOG_LABEL = "PTPMESH_SEAL"
-- the limits of SealKeys: lines a log may hold, bytes a line may hold
local MAX_KEYLOG_LINES = 1000000
local MAX_KEYLOG_LINE_BYTES = 1024
-- keys kept ready to open with (round keys and GHASH table, about 40 KB each); past it, all are dropped
local MAX_READY_KEYS = 256

local keylog = {path = nil, size = nil, keys = {}, refused = nil}
local ready, ready_count = {}, 0

local function hex(s)
    return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function unhex(h)
    return (h:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end))
end

-- The sender-and-session index of a line's key, or nil and what is wrong with the line.
local function keylog_line(line)
    local fields = {}
    for field in line:gmatch("%S+") do fields[#fields + 1] = field end
    if fields[1] ~= KEYLOG_LABEL then
        return nil, "starts with \"" .. fields[1]:sub(1, 40) .. "\", not " .. KEYLOG_LABEL
    end
    if #fields ~= 4 then
        return nil, "needs 3 fields after " .. KEYLOG_LABEL .. " (sender id, PEERSESSION, key), has " .. (#fields - 1)
    end
    for i, what in ipairs({{"sender id", 16}, {"PEERSESSION", 4}, {"key", aesgcm.KEY_BYTES}}) do
        local field = fields[i + 1]
        if #field ~= 2 * what[2] then
            return nil, "has a " .. what[1] .. " of " .. #field .. " hex digits, not " .. 2 * what[2]
        end
        if not field:match("^%x+$") then
            return nil, "has a " .. what[1] .. " that is not hex"
        end
    end
    return fields[2]:lower() .. " " .. fields[3]:lower(), fields[4]:lower()
end

-- Reads the log at path into keylog.keys, or sets keylog.refused to why it cannot be used.
local function read_keylog(path)
    keylog.keys, keylog.refused = {}, nil
    local file, err = io.open(path, "rb")
    if file == nil then
        keylog.size, keylog.refused = nil, path .. " cannot be read: " .. err
        return
    end
    keylog.size = file:seek("end")
    file:seek("set")
    local number, first_line = 0, {}
    for line in file:lines() do
        number = number + 1
        local why
        line = line:match("^%s*(.-)%s*$")
        if number > MAX_KEYLOG_LINES then
            why = "is past the " .. MAX_KEYLOG_LINES .. " lines a key log may hold"
        elseif #line > MAX_KEYLOG_LINE_BYTES then
            why = "is longer than " .. MAX_KEYLOG_LINE_BYTES .. " bytes"
        elseif not valid_utf8(line) then
            why = "is not UTF-8"
        elseif line ~= "" and line:sub(1, 1) ~= "#" then
            local session, key = keylog_line(line)
            if session == nil then
                why = key
            elseif keylog.keys[session] ~= nil and keylog.keys[session] ~= key then
                why = "gives sender and session " .. session .. " another key than line " .. first_line[session]
            else
                keylog.keys[session] = key
                first_line[session] = first_line[session] or number
            end
        end
        if why ~= nil then
            file:close()
            keylog.keys, keylog.refused = {}, path .. ": line " .. number .. " " .. why
            return
        end
    end
    file:close()
end

-- The key log's file: the preference, else PTPMESH_KEYLOG; nil when neither names one.
local function keylog_path()
    local path = ptpmesh.prefs.keylog
    if path == nil or path == "" then path = os.getenv(KEYLOG_VARIABLE) end
    if path == nil or path == "" then return nil end
    return path
end

-- The key (an aesgcm key) logged for a sender id and PEERSESSION (hex), or nil and why not.
local function sealing_key(sender, peer_session)
    local path = keylog_path()
    if path == nil then return nil, "no key log (preference ptpmesh.keylog or " .. KEYLOG_VARIABLE .. ")" end
    local file = io.open(path, "rb")
    local size = file and file:seek("end")
    if file then file:close() end
    if path ~= keylog.path or size ~= keylog.size then
        keylog.path = path
        read_keylog(path)
    end
    if keylog.refused ~= nil then return nil, keylog.refused end
    local key = keylog.keys[sender .. " " .. peer_session]
    if key == nil then return nil, "no key in " .. path .. " for sender " .. sender .. " session " .. peer_session end
    if ready[key] == nil then
        if ready_count >= MAX_READY_KEYS then ready, ready_count = {}, 0 end
        ready[key], ready_count = aesgcm.new_key(unhex(key)), ready_count + 1
    end
    return ready[key]
end

local function first_of(tlvs, t)
    for _, tlv in ipairs(tlvs) do
        if tlv.typ == t then return tlv end
    end
    return nil
end

-- Opens a SEALED datagram that keeps its kind's rules: the nonce is 4 zero bytes then COUNTER as
-- 8 bytes big-endian, the associated data every byte before the first SEALED TLV, the SEALED
-- values concatenated the ciphertext and tag. Returns the inner datagram, or nil.
local function open_sealed(tvb, tlvs, tree)
    local value = function(tlv) return tvb(tlv.pos + 2, tlv.len - 2) end
    local sender = hex(value(first_of(tlvs, UUID)):raw())
    local session = value(first_of(tlvs, PEERSESSION)):uint64()
    if session > UInt64.new(0xFFFFFFFF) then
        tree:add(F.sealed, "no key"):set_generated()
        tree:add_proto_expert_info(E_NO_KEY, "sealed, no key: a key log names PEERSESSIONs of 32 bits, this one is " .. tostring(session))
        return nil
    end
    local peer_session = string.format("%08x", session:tonumber())
    local key, why = sealing_key(sender, peer_session)
    if key == nil then
        local refused = keylog.refused ~= nil and why == keylog.refused
        tree:add(F.sealed, refused and "key log refused" or "no key"):set_generated()
        tree:add_proto_expert_info(refused and E_KEYLOG or E_NO_KEY, (refused and "key log refused: " or "sealed, ") .. why)
        return nil
    end
    local counter = value(first_of(tlvs, COUNTER)):raw()
    local nonce = string.rep("\0", 4 + 8 - #counter) .. counter
    local sealed = {}
    for _, tlv in ipairs(tlvs) do
        if tlv.typ == SEALED then sealed[#sealed + 1] = value(tlv):raw() end
    end
    local inner = key:open(nonce, tvb(0, first_of(tlvs, SEALED).pos):raw(), table.concat(sealed))
    if inner == nil then
        tree:add(F.sealed, "tag mismatch"):set_generated()
        tree:add_proto_expert_info(E_TAG_MISMATCH, "tag mismatch: the key logged for sender " .. sender .. " session "
            .. peer_session .. " does not open COUNTER " .. tostring(UInt64.fromhex(hex(counter))))
        return nil
    end
    tree:add(F.sealed, "opened"):set_generated()
    return inner
end

-- PCP and NAT-PMP (RFC 6887, RFC 6886) leave a peer's ptpmesh socket for its gateway's port 5351:
-- another protocol, left to Wireshark's own dissectors for it.
local PORT_MAPPING = 5351

-- Dissects one datagram into root and returns its Info text. depth is 1 for the inner datagram of
-- a SEALED one, which is not opened again: a session seals only plain datagrams.
local function dissect(tvb, pinfo, root, depth)
    local n = tvb:len()
    local tree = root:add(ptpmesh, tvb())
    if depth > 0 then tree:append_text(" (decrypted)") end
    if n >= 3 and n <= MAX_SIZE then
        tree:add(F.version, tvb(0, 1))
    end
    local tlvs, code, offset = scan(tvb)
    if n >= 3 and n <= MAX_SIZE and code ~= "unsupported_version" then
        local stored, computed = tvb(n - 2, 2):uint(), checksum(tvb, n - 2)
        tree:add(F.checksum, tvb(n - 2, 2))
        tree:add(F.checksum_computed, computed):set_generated()
        tree:add(F.checksum_status, stored == computed and "good" or "bad")
        if stored ~= computed then
            tree:add_proto_expert_info(E_CHECKSUM, string.format("checksum 0x%04x, computed 0x%04x", stored, computed))
        end
    end
    if tlvs == nil then
        tree:add(F.error, code)
        tree:add(F.error_offset, offset)
        tree:add_proto_expert_info(E_MALFORMED, code .. " at offset " .. offset)
        return "ptpmesh malformed: " .. code .. " at offset " .. offset
    end
    local first = {}
    local unknown = 0
    for _, tlv in ipairs(tlvs) do
        add_tlv(tree, tvb, tlv)
        local t = TYPES[tlv.typ]
        if t == nil then
            unknown = unknown + 1
        end
        if first[tlv.typ] == nil then
            -- the first TLV of each type; for integers its value (MSGKIND names the kind)
            first[tlv.typ] = (t ~= nil and t.kind == "uint") and tvb(tlv.pos + 2, tlv.len - 2):uint64():tonumber() or true
        end
    end
    if unknown > 0 then tree:add(F.unknown, unknown) end
    local kind = message_kind(first)
    tree:add(F.kind, kind or "unknown")
    local broken = violations(tvb, tlvs, kind, kind and KIND_CODES[kind] or 0)
    for _, v in ipairs(broken) do
        tree:add(F.violation, v)
        tree:add_proto_expert_info(E_VIOLATION, v)
    end
    local info = "ptpmesh " .. (kind or "unknown message")
    if #broken > 0 then info = info .. " [" .. table.concat(broken, ", ") .. "]" end
    if kind == "SEALED" and #broken == 0 and depth == 0 then
        local inner = open_sealed(tvb, tlvs, tree)
        if inner ~= nil then
            local inner_info = dissect(ByteArray.new(inner, true):tvb("Decrypted ptpmesh"), pinfo, root, depth + 1)
            info = info .. ": " .. inner_info:gsub("^ptpmesh ", "")
        end
    end
    return info
end

function ptpmesh.dissector(tvb, pinfo, root)
    if pinfo.src_port == PORT_MAPPING or pinfo.dst_port == PORT_MAPPING then
        return 0
    end
    pinfo.cols.protocol:set("PTPMESH")
    pinfo.cols.info:clear_fence()
    pinfo.cols.info:set(dissect(tvb, pinfo, root, 0))
    return tvb:len()
end

-- The heuristic: version 1, a legal size and a correct checksum, on any UDP port.
local function heuristic(tvb, pinfo, root)
    local n = tvb:len()
    if n < 3 or n > MAX_SIZE or tvb(0, 1):uint() ~= 1 or tvb(n - 2, 2):uint() ~= checksum(tvb, n - 2) then
        return false
    end
    ptpmesh.dissector(tvb, pinfo, root)
    return true
end

local udp = DissectorTable.get("udp.port")
for _, port in ipairs(PORTS) do
    udp:add(port, ptpmesh)
end
ptpmesh:register_heuristic("udp", heuristic)
