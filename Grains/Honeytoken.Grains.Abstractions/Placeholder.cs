namespace Honeytoken.Grains;
