-- AES-256-GCM opening in plain Lua 5.2 (bit32), for the ptpmesh dissector's sealed datagrams.
--
-- Wireshark gives Lua no cipher, so this is AES-256 (FIPS-197; only the encrypt direction, which
-- is all counter mode needs) and GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag:
-- exactly Noise's AESGCM, the cipher ptpmesh seals with (docs/protocol.md 6.9). It is written to
-- be checked, not to resist side channels: it opens captured traffic on an analyst's machine.
-- conformance/src/test/lua/aesgcm_check.lua checks it against the NIST GCM vectors and Java.
--
-- Loaded by ptpmesh.lua with dofile (it returns a table and defines no global), so running it on
-- its own, as Wireshark does with every file of its plugin folder, does nothing.

local band, bor, bxor = bit32.band, bit32.bor, bit32.bxor
local lshift, rshift = bit32.lshift, bit32.rshift

local KEY_BYTES, BLOCK, TAG_BYTES, NONCE_BYTES = 32, 16, 16, 12
local ROUNDS = 14 -- AES-256: Nk = 8 key words, Nr = 14 (FIPS-197 table 4)

-- Multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS-197 4.2.1).
local function xtime(b)
    b = b * 2
    if b >= 256 then b = bxor(b, 0x11B) end
    return b
end

-- The S-box computed as FIPS-197 5.1.1 defines it (the inverse in GF(2^8), then the affine
-- transformation), rather than copied: a typo in a 256-entry table would be hard to see.
local SBOX = {}
do
    local exp, log = {}, {}
    local x = 1
    for i = 0, 254 do -- 3 generates the multiplicative group
        exp[i], log[x] = x, i
        x = bxor(x, xtime(x))
    end
    local function rotl8(b, n) return band(bor(lshift(b, n), rshift(b, 8 - n)), 0xFF) end
    for a = 0, 255 do
        local inv = a == 0 and 0 or exp[(255 - log[a]) % 255]
        SBOX[a] = bxor(inv, rotl8(inv, 1), rotl8(inv, 2), rotl8(inv, 3), rotl8(inv, 4), 0x63)
    end
end

-- A round's SubBytes, ShiftRows and MixColumns as four table lookups a column (the Rijndael
-- proposal's 32-bit form of FIPS-197 5.1): T0[a] is the column (2s, s, s, 3s) of s = S(a), rows
-- big-endian in the word; T1, T2, T3 are T0 rotated by one, two and three bytes.
local T0, T1, T2, T3 = {}, {}, {}, {}
for a = 0, 255 do
    local s = SBOX[a]
    local s2 = xtime(s)
    local s3 = bxor(s2, s)
    T0[a] = bor(lshift(s2, 24), lshift(s, 16), lshift(s, 8), s3)
    T1[a] = bor(lshift(s3, 24), lshift(s2, 16), lshift(s, 8), s)
    T2[a] = bor(lshift(s, 24), lshift(s3, 16), lshift(s2, 8), s)
    T3[a] = bor(lshift(s, 24), lshift(s, 16), lshift(s3, 8), s2)
end

local function sub_word(w)
    return bor(lshift(SBOX[rshift(w, 24)], 24), lshift(SBOX[band(rshift(w, 16), 0xFF)], 16),
        lshift(SBOX[band(rshift(w, 8), 0xFF)], 8), SBOX[band(w, 0xFF)])
end

-- The 4 * (Nr + 1) round-key words of a 32-byte key (FIPS-197 5.2), w[0] to w[59].
local function expand_key(key)
    local w = {}
    for i = 0, 7 do
        local a, b, c, d = key:byte(4 * i + 1, 4 * i + 4)
        w[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    end
    local rcon = 1
    for i = 8, 4 * (ROUNDS + 1) - 1 do
        local temp = w[i - 1]
        if i % 8 == 0 then
            temp = bxor(sub_word(bor(lshift(temp, 8), rshift(temp, 24))), lshift(rcon, 24))
            rcon = xtime(rcon)
        elseif i % 8 == 4 then
            temp = sub_word(temp)
        end
        w[i] = bxor(w[i - 8], temp)
    end
    return w
end

local function b0(x) return rshift(x, 24) end
local function b1(x) return band(rshift(x, 16), 0xFF) end
local function b2(x) return band(rshift(x, 8), 0xFF) end
local function b3(x) return band(x, 0xFF) end

-- Cipher (FIPS-197 5.1) of one block given as its four big-endian column words.
local function encrypt_words(w, s0, s1, s2, s3)
    s0, s1, s2, s3 = bxor(s0, w[0]), bxor(s1, w[1]), bxor(s2, w[2]), bxor(s3, w[3])
    for round = 1, ROUNDS - 1 do
        local k = 4 * round
        -- ShiftRows: row r of column c comes from column c + r
        s0, s1, s2, s3 =
            bxor(T0[b0(s0)], T1[b1(s1)], T2[b2(s2)], T3[b3(s3)], w[k]),
            bxor(T0[b0(s1)], T1[b1(s2)], T2[b2(s3)], T3[b3(s0)], w[k + 1]),
            bxor(T0[b0(s2)], T1[b1(s3)], T2[b2(s0)], T3[b3(s1)], w[k + 2]),
            bxor(T0[b0(s3)], T1[b1(s0)], T2[b2(s1)], T3[b3(s2)], w[k + 3])
    end
    local function last(a, b, c, d, k)
        return bxor(bor(lshift(SBOX[b0(a)], 24), lshift(SBOX[b1(b)], 16), lshift(SBOX[b2(c)], 8), SBOX[b3(d)]), k)
    end
    local k = 4 * ROUNDS
    return last(s0, s1, s2, s3, w[k]), last(s1, s2, s3, s0, w[k + 1]),
        last(s2, s3, s0, s1, w[k + 2]), last(s3, s0, s1, s2, w[k + 3])
end

-- The four big-endian words of the 16 bytes of s from position i (1-based), zero past its end.
local function words(s, i)
    local out = {}
    for j = 0, 3 do
        local a, b, c, d = s:byte(i + 4 * j, i + 4 * j + 3)
        out[j + 1] = bor(lshift(a or 0, 24), lshift(b or 0, 16), lshift(c or 0, 8), d or 0)
    end
    return out[1], out[2], out[3], out[4]
end

local function word_bytes(x)
    return string.char(b0(x), b1(x), b2(x), b3(x))
end

-- GHASH's multiplication by H (SP 800-38D 6.3) with 4-bit tables: bit i of X (from the left)
-- contributes V_i = H * x^i, so each of X's 32 nibbles selects the XOR of four of them, read
-- from a table of 16 built once per key. The table is HT[4 * (16 * p + n) + j], word j of the
-- product for nibble p (0 is the leftmost) holding n.
local function ghash_table(h0, h1, h2, h3)
    local v = {}
    for i = 0, 127 do
        v[i] = {h0, h1, h2, h3}
        -- V_{i+1} = V_i >> 1, reduced by R = 11100001 || 0^120 when a 1 falls off the right
        local carry = band(h3, 1)
        h3 = bor(rshift(h3, 1), lshift(band(h2, 1), 31))
        h2 = bor(rshift(h2, 1), lshift(band(h1, 1), 31))
        h1 = bor(rshift(h1, 1), lshift(band(h0, 1), 31))
        h0 = rshift(h0, 1)
        if carry == 1 then h0 = bxor(h0, 0xE1000000) end
    end
    local t = {}
    for p = 0, 31 do
        for n = 0, 15 do
            local z0, z1, z2, z3 = 0, 0, 0, 0
            for k = 0, 3 do
                if band(n, rshift(8, k)) ~= 0 then -- the nibble's bit k from the left
                    local vi = v[4 * p + k]
                    z0, z1, z2, z3 = bxor(z0, vi[1]), bxor(z1, vi[2]), bxor(z2, vi[3]), bxor(z3, vi[4])
                end
            end
            local at = 4 * (16 * p + n)
            t[at], t[at + 1], t[at + 2], t[at + 3] = z0, z1, z2, z3
        end
    end
    return t
end

-- X * H in GF(2^128) with the table of H.
local function gmul(t, x0, x1, x2, x3)
    local z0, z1, z2, z3 = 0, 0, 0, 0
    local xs = {x0, x1, x2, x3}
    for wi = 1, 4 do
        local x = xs[wi]
        for q = 0, 7 do
            local n = band(rshift(x, 28 - 4 * q), 0xF)
            if n ~= 0 then
                local at = 4 * (16 * (8 * (wi - 1) + q) + n)
                z0, z1, z2, z3 = bxor(z0, t[at]), bxor(z1, t[at + 1]), bxor(z2, t[at + 2]), bxor(z3, t[at + 3])
            end
        end
    end
    return z0, z1, z2, z3
end

local Key = {}
Key.__index = Key

--- A key ready to open with: its round keys and GHASH table. key: 32 bytes as a Lua string.
local function new_key(key)
    assert(#key == KEY_BYTES, "AES-256 needs a 32-byte key")
    local w = expand_key(key)
    return setmetatable({w = w, t = ghash_table(encrypt_words(w, 0, 0, 0, 0))}, Key)
end

--- The AES-256 encryption of the 16-byte block s (FIPS-197 appendix C.3 checks it).
function Key:encrypt_block(s)
    local y0, y1, y2, y3 = encrypt_words(self.w, words(s, 1))
    return word_bytes(y0) .. word_bytes(y1) .. word_bytes(y2) .. word_bytes(y3)
end

-- GHASH over the blocks of s, zero-padded to whole blocks, continuing from y.
local function ghash(t, y, s)
    for i = 1, #s, BLOCK do
        local x0, x1, x2, x3 = words(s, i)
        y[1], y[2], y[3], y[4] = gmul(t, bxor(y[1], x0), bxor(y[2], x1), bxor(y[3], x2), bxor(y[4], x3))
    end
end

--- Opens sealed (ciphertext then 16-byte tag) under a 12-byte nonce and the associated data aad
--- (SP 800-38D 7.2). Returns the plaintext, or nil when the tag does not match (or sealed
--- cannot hold one).
function Key:open(nonce, aad, sealed)
    assert(#nonce == NONCE_BYTES, "GCM here takes 96-bit nonces only")
    if #sealed < TAG_BYTES then return nil end
    local ciphertext, tag = sealed:sub(1, -TAG_BYTES - 1), sealed:sub(-TAG_BYTES)
    local y = {0, 0, 0, 0}
    ghash(self.t, y, aad)
    ghash(self.t, y, ciphertext)
    -- the lengths block: len(A) || len(C) in bits, 64 bits each (both far below 2^32 here)
    y[1], y[2], y[3], y[4] = gmul(self.t, y[1], bxor(y[2], 8 * #aad), y[3], bxor(y[4], 8 * #ciphertext))
    local n0, n1, n2 = words(nonce, 1) -- J0 = nonce || 0^31 || 1
    local e0, e1, e2, e3 = encrypt_words(self.w, n0, n1, n2, 1)
    local expected = word_bytes(bxor(e0, y[1])) .. word_bytes(bxor(e1, y[2])) .. word_bytes(bxor(e2, y[3]))
        .. word_bytes(bxor(e3, y[4]))
    if expected ~= tag then return nil end
    -- GCTR from inc32(J0): the counter is the last word, and a datagram is far below 2^32 blocks
    local out = {}
    for i = 1, #ciphertext, BLOCK do
        local k0, k1, k2, k3 = encrypt_words(self.w, n0, n1, n2, 2 + (i - 1) / BLOCK)
        local c0, c1, c2, c3 = words(ciphertext, i)
        local block = word_bytes(bxor(c0, k0)) .. word_bytes(bxor(c1, k1)) .. word_bytes(bxor(c2, k2))
            .. word_bytes(bxor(c3, k3))
        out[#out + 1] = block:sub(1, math.min(BLOCK, #ciphertext - i + 1))
    end
    return table.concat(out)
end

return {new_key = new_key, KEY_BYTES = KEY_BYTES}
