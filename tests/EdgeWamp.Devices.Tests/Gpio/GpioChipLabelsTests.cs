using EdgeWamp.Devices.Gpio;
using EdgeWamp.Devices.Tests.TestSupport;

namespace EdgeWamp.Devices.Tests.Gpio;

/// <summary>Chip lookup by label in fake sysfs trees laid out as the kernel lays them out.</summary>
public sealed class GpioChipLabelsTests : IDisposable
{
    private readonly FakeTree _sys = new();

    public void Dispose() => _sys.Dispose();

    [Fact]
    public void TryResolve_Pi5_FindsRp1WhateverItsNumber()
    {
        // A Pi 5 on a 6.1 kernel: the RP1 header chip is gpiochip4, after the SoC's own chips.
        _sys.File("bus/gpio/devices/gpiochip0/label", "gpio-brcmstb@107d508500\n")
            .File("bus/gpio/devices/gpiochip1/label", "gpio-brcmstb@107d508520\n")
            .File("bus/gpio/devices/gpiochip4/label", "pinctrl-rp1\n");

        Assert.True(GpioChipLabels.TryResolve(_sys.Root, "pinctrl-rp1", out int chip, out _));
        Assert.Equal(4, chip);
    }

    [Fact]
    public void TryResolve_Pi4_OnTheOlderClassGpioLayout()
    {
        _sys.File("class/gpio/gpiochip0/label", "pinctrl-bcm2711\n")
            .File("class/gpio/gpiochip504/label", "raspberrypi-exp-gpio\n");

        Assert.True(GpioChipLabels.TryResolve(_sys.Root, "pinctrl-bcm2711", out int chip, out _));
        Assert.Equal(0, chip);
    }

    [Fact]
    public void TryResolve_UnknownLabel_ListsTheChipsThereAre()
    {
        _sys.File("bus/gpio/devices/gpiochip0/label", "pinctrl-bcm2835\n");

        Assert.False(GpioChipLabels.TryResolve(_sys.Root, "pinctrl-rp1", out _, out string? error));
        Assert.Contains("gpiochip0 'pinctrl-bcm2835'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_NoGpioAtAll_SaysSo()
    {
        Assert.False(GpioChipLabels.TryResolve(_sys.Root, "pinctrl-rp1", out _, out string? error));
        Assert.Contains("no gpiochip found", error, StringComparison.Ordinal);
    }
}
