-- Pick the smallest flavor with at least the RAM (MB), vCPUs and disk (GB) asked for.
-- usage: novalua scripts/pick_flavor.lua [MIN_RAM [MIN_VCPUS [MIN_DISK]]]

local bounds = {
  min_ram = tonumber(arg[1] or 2048),
  min_vcpus = tonumber(arg[2] or 1),
  min_disk = tonumber(arg[3] or 0),
}
local flavor = flavors.pick(bounds)
print(string.format("at least %d MB, %d vCPUs, %d GB: %s (%d MB, %d vCPUs, %d GB)",
  bounds.min_ram, bounds.min_vcpus, bounds.min_disk, flavor.name, flavor.ram, flavor.vcpus,
  flavor.disk))
