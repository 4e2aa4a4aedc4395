using EdgeSensors.Fleet.ApiLoad;

return await LoadCommand.RunAsync(args);
