namespace EdgeWamp.Devices.Sensors;

/// <summary>Error URIs device procedures answer with (docs/devices.md, "Errors").</summary>
public static class SensorErrors
{
    /// <summary>The sensor has produced no good reading yet (it is failing, or starting): see its status topic.</summary>
    public const string Unavailable = "edgewamp.error.sensor_unavailable";
}
