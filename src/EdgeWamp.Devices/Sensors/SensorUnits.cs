namespace EdgeWamp.Devices.Sensors;

/// <summary>The units published with each quantity (docs/sensors.md): SI or the customary unit users expect.</summary>
internal static class SensorUnits
{
    public const string Celsius = "°C";
    public const string RelativeHumidity = "%";
    public const string Pascal = "Pa";
    public const string Volt = "V";
    public const string Ampere = "A";
    public const string Watt = "W";
    public const string Lux = "lx";
    public const string Rpm = "rpm";
}
