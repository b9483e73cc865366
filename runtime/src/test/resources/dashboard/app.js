console.log("test placeholder");
