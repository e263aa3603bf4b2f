namespace EdgeWamp.Devices.Sensors;

/// <summary>A measured quantity: its URI segment (<c>temperature</c>, <c>humidity</c>, ...) and its SI unit.</summary>
public readonly record struct SensorQuantity(string Name, string Unit);
