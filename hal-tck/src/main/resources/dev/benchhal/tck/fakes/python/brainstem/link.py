class Spec:
    USB = 1
    TCPIP = 2

    def __init__(self, transport, serial_number, module, model):
        self.transport = transport
        self.serial_number = serial_number
        self.module = module
        self.model = model
