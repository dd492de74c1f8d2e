-- Checks ptpmesh_aesgcm.lua against the vectors in the file PTPMESH_AESGCM_VECTORS names, one a
-- line, fields in hex ("-" for empty):
--   block <key> <plaintext> <ciphertext>                  AES-256 of one block
--   gcm <name> <key> <nonce> <aad> <plaintext> <ciphertext> <tag>
-- For each gcm line it also checks that a flipped bit in the tag, the ciphertext or the
-- associated data makes opening fail. Prints "ok <name>" or "FAIL <name>: <why>" for each line.
-- Run by tshark's Lua (AesGcmLuaTest): tshark -X lua_script:aesgcm_check.lua -r ANY.pcap -c 0 -q

local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local aesgcm = dofile(here .. "../../main/lua/ptpmesh_aesgcm.lua")

local function unhex(h)
    if h == "-" then return "" end
    return (h:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end))
end

local function hex(s)
    return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

-- s with bit 0 of its byte i flipped
local function flip(s, i)
    return s:sub(1, i - 1) .. string.char(bit32.bxor(s:byte(i), 1)) .. s:sub(i + 1)
end

local function check_gcm(key, nonce, aad, plaintext, ciphertext, tag)
    local k = aesgcm.new_key(key)
    local opened = k:open(nonce, aad, ciphertext .. tag)
    if opened ~= plaintext then
        return "opened " .. (opened and hex(opened) or "nil")
    end
    if k:open(nonce, aad, ciphertext .. flip(tag, #tag)) ~= nil then return "a flipped tag bit opened" end
    if #ciphertext > 0 and k:open(nonce, aad, flip(ciphertext, 1) .. tag) ~= nil then
        return "a flipped ciphertext bit opened"
    end
    if #aad > 0 and k:open(nonce, flip(aad, #aad), ciphertext .. tag) ~= nil then return "a flipped aad bit opened" end
    return nil
end

local path = assert(os.getenv("PTPMESH_AESGCM_VECTORS"), "set PTPMESH_AESGCM_VECTORS")
for line in io.lines(path) do
    local f = {}
    for field in line:gmatch("%S+") do f[#f + 1] = field end
    local name, problem
    if f[1] == "block" then
        name = "block " .. f[2]
        local got = aesgcm.new_key(unhex(f[2])):encrypt_block(unhex(f[3]))
        if got ~= unhex(f[4]) then problem = "encrypted to " .. hex(got) end
    elseif f[1] == "gcm" then
        name = f[2]
        problem = check_gcm(unhex(f[3]), unhex(f[4]), unhex(f[5]), unhex(f[6]), unhex(f[7]), unhex(f[8]))
    end
    if name ~= nil then
        print(problem and ("FAIL " .. name .. ": " .. problem) or ("ok " .. name))
    end
end
