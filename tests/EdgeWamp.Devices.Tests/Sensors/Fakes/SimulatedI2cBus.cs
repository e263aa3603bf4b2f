using EdgeWamp.Devices.Sensors;

namespace EdgeWamp.Devices.Tests.Sensors.Fakes;

/// <summary>Chips by address on bus 1, and the <see cref="SensorEnvironment"/> that opens them.</summary>
internal sealed class SimulatedI2cBus
{
    public const int BusNumber = 1;

    private readonly Dictionary<int, SimulatedI2cChip> _chips = [];

    public VirtualClock Clock { get; } = new();

    /// <summary>Every device a driver opened, in order; a re-open after a failure adds one.</summary>
    public List<SimulatedI2cDevice> Opened { get; } = [];

    public SensorEnvironment Environment => new() { SysfsRoot = "/nonexistent", OpenI2c = Open };

    public T Add<T>(int address, T chip)
        where T : SimulatedI2cChip
    {
        _chips[address] = chip;
        return chip;
    }

    private SimulatedI2cDevice Open(int bus, int address)
    {
        SimulatedI2cDevice device = new(bus, address, bus == BusNumber ? _chips.GetValueOrDefault(address) : null);
        Opened.Add(device);
        return device;
    }
}
