from . import kim_routing_wizard
from . import kim_network_load
